import { Injectable, signal } from '@angular/core';
import { PagedList } from '../shared/paged-list';
import type { AuditExportFormat } from './audit-export.api';
import type { AuditEntry, AuditFilter } from './audit-log.graphql';

/** What the audit log tab shows: the filter, the rows, which rows are open, the export. */
@Injectable()
export class AuditLogState {
  readonly entries = new PagedList<AuditEntry>();
  readonly filter = signal<AuditFilter>({});
  /** Rows whose before/after are open. */
  readonly expanded = signal<ReadonlySet<string>>(new Set());
  readonly exporting = signal<AuditExportFormat | null>(null);
  readonly exportError = signal<string | null>(null);

  reset(): void {
    this.entries.reset();
    this.filter.set({});
    this.expanded.set(new Set());
    this.exportError.set(null);
  }

  toggle(id: string): void {
    this.expanded.update((ids) => {
      const next = new Set(ids);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }
}

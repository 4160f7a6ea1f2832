import { DestroyRef, Injectable, inject } from '@angular/core';
import { finalize, map } from 'rxjs';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { PageLoader } from '../shared/paged-list';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { AuditExportApi, type AuditExportFormat } from './audit-export.api';
import { AUDIT_PAGE_SIZE, AuditLogDocument, type AuditFilter } from './audit-log.graphql';
import { AuditLogState } from './audit-log.state';
import { FileDownload, filenameOf } from './file-download';

/** Audit log use cases: filter, page, export the filtered rows as a file. */
@Injectable()
export class AuditLogController {
  private readonly graphql = inject(GraphqlClient);
  private readonly exports = inject(AuditExportApi);
  private readonly state = inject(AuditLogState);
  private readonly download = inject(FileDownload);
  private readonly entries = new PageLoader(
    this.state.entries,
    (cursor) =>
      this.graphql
        .request(AuditLogDocument, { filter: this.state.filter(), limit: AUDIT_PAGE_SIZE, cursor })
        .pipe(map(({ auditLog }) => auditLog)),
    inject(DestroyRef),
  );
  private tenantId: string | null | undefined;

  openTenant(tenantId: string | null): void {
    if (tenantId === this.tenantId) return;
    this.tenantId = tenantId;
    this.state.reset();
    this.entries.reload();
  }

  applyFilter(filter: AuditFilter): void {
    this.state.filter.set(filter);
    this.state.expanded.set(new Set());
    this.entries.reload();
  }

  reload(): void {
    this.entries.reload();
  }

  loadMore(): void {
    this.entries.loadMore();
  }

  export(format: AuditExportFormat): void {
    if (this.state.exporting() !== null) return;
    this.state.exporting.set(format);
    this.state.exportError.set(null);
    this.exports
      .export(this.state.filter(), format)
      .pipe(finalize(() => this.state.exporting.set(null)))
      .subscribe({
        next: (response) => {
          const fallback = `audit-log.${format === 'csv' ? 'csv' : 'ndjson'}`;
          const filename = filenameOf(response.headers.get('Content-Disposition'), fallback);
          this.download.save(response.body ?? new Blob([]), filename);
        },
        // A failed blob request carries its body as a Blob, so the message comes from the status.
        error: (error: unknown) => this.state.exportError.set(detailedMessageForHttpError(error)),
      });
  }
}

import { ChangeDetectionStrategy, Component, computed, effect, inject, untracked } from '@angular/core';
import { AuthStore } from '../../../core/auth/auth.store';
import { fullDateTime, relativeTime } from '../../../shared/relative-time';
import { AuditFilterFormComponent } from './audit-filter-form.component';
import type { AuditEntry } from './audit-log.graphql';
import { AuditLogController } from './audit-log.controller';
import { AuditLogState } from './audit-log.state';

/** The audit log: filters, newest first, before/after per row, "Load more", NDJSON/CSV export. */
@Component({
  selector: 'sl-audit-log-page',
  imports: [AuditFilterFormComponent],
  providers: [AuditLogState, AuditLogController],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit-log.page.html',
  styles: `
    .audit__toolbar {
      display: flex;
      justify-content: flex-end;
      gap: var(--sl-space-2);
      margin-bottom: var(--sl-space-3);
    }
    .audit__details td {
      background: var(--sl-color-bg);
    }
    .audit__json {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
      gap: var(--sl-space-3);
    }
    pre {
      margin: var(--sl-space-1) 0 0;
      padding: var(--sl-space-2) var(--sl-space-3);
      overflow: auto;
      max-height: 320px;
      border: 1px solid var(--sl-color-border);
      border-radius: var(--sl-radius-md);
      background: var(--sl-color-surface);
      font-family: var(--sl-font-mono);
      font-size: 0.75rem;
    }
  `,
})
export class AuditLogPage {
  protected readonly state = inject(AuditLogState);
  protected readonly controller = inject(AuditLogController);
  private readonly store = inject(AuthStore);
  protected readonly mayExport = computed(() => this.store.can('export', 'AuditLog'));
  protected readonly relativeTime = relativeTime;
  protected readonly fullDateTime = fullDateTime;

  constructor() {
    effect(() => {
      const tenantId = this.store.tenant()?.id ?? null;
      untracked(() => this.controller.openTenant(tenantId));
    });
  }

  protected actorOf(entry: AuditEntry): string {
    return entry.actor.label ?? entry.actor.id ?? entry.actor.type;
  }

  protected json(value: unknown): string {
    return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
  }
}

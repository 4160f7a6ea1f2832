import { Injectable, inject, signal } from '@angular/core';
import { map } from 'rxjs';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { UpdateQuotasDocument, UsageDocument, type QuotaChange, type Usage } from './usage.graphql';

/** The usage page's state and use cases: load the last 30 days with the quotas, save quotas. */
@Injectable()
export class UsageController {
  private readonly graphql = inject(GraphqlClient);
  private readonly usageSignal = signal<Usage | null>(null);
  private readonly errorSignal = signal<string | null>(null);
  private readonly savingSignal = signal(false);
  private readonly noticeSignal = signal<string | null>(null);
  private readonly saveErrorSignal = signal<string | null>(null);

  readonly usage = this.usageSignal.asReadonly();
  readonly error = this.errorSignal.asReadonly();
  readonly saving = this.savingSignal.asReadonly();
  readonly notice = this.noticeSignal.asReadonly();
  /** Why the last save was refused (shown as an alert, never as the "saved" notice). */
  readonly saveError = this.saveErrorSignal.asReadonly();

  /** The 30 days up to today (the API's default range). */
  load(): void {
    this.errorSignal.set(null);
    this.graphql
      .request(UsageDocument, {})
      .pipe(map(({ usage }) => usage))
      .subscribe({
        next: (usage) => this.usageSignal.set(usage),
        error: (error: unknown) => this.errorSignal.set(detailedMessageForHttpError(error)),
      });
  }

  /** Saves the changed quotas, then reloads what is in force. */
  saveQuotas(change: QuotaChange): void {
    if (this.savingSignal()) return;
    this.savingSignal.set(true);
    this.noticeSignal.set(null);
    this.saveErrorSignal.set(null);
    this.graphql.request(UpdateQuotasDocument, { input: { settings: change } }).subscribe({
      next: () => {
        this.savingSignal.set(false);
        this.noticeSignal.set('Quotas saved.');
        this.load();
      },
      error: (error: unknown) => {
        this.savingSignal.set(false);
        this.saveErrorSignal.set(detailedMessageForHttpError(error));
      },
    });
  }
}

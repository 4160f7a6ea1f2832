import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import { Subject, catchError, debounceTime, distinctUntilChanged, map, of, startWith, switchMap } from 'rxjs';
import { detailedMessageForHttpError } from '../../../core/errors/http-error-message';
import { GraphqlClient } from '../../../core/graphql/graphql.client';
import { configFromForm, newTriggerForm, type ScheduleForm } from '../shared/trigger-form';
import { PreviewScheduleDocument } from '../triggers.graphql';
import type { SchedulePreview } from './schedule-fields.component';

const IDLE: SchedulePreview = { status: 'idle', times: [], error: null };
/** Typing pauses this long before the API is asked (tests set 0). */
export const PREVIEW_DEBOUNCE_MS = new InjectionToken<number>('PREVIEW_DEBOUNCE_MS', {
  providedIn: 'root',
  factory: () => 300,
});

/**
 * The next five fire times of the schedule being typed, from the API's `previewSchedule` (the
 * server's cron library decides, so the preview is exactly what will fire). Debounced; a newer
 * schedule cancels the older request.
 */
@Injectable()
export class SchedulePreviewController {
  private readonly graphql = inject(GraphqlClient);
  private readonly debounceMs = inject(PREVIEW_DEBOUNCE_MS);
  private readonly requests = new Subject<ScheduleForm | null>();
  private readonly _preview = signal<SchedulePreview>(IDLE);
  readonly preview = this._preview.asReadonly();

  constructor() {
    const subscription = this.requests
      .pipe(
        map((form) => (form ? inputOf(form) : null)),
        distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
        switchMap((input) => {
          if (!input) return of(IDLE);
          if ('problem' in input)
            return of<SchedulePreview>({ status: 'error', times: [], error: input.problem });
          return of(input).pipe(
            debounceTime(this.debounceMs),
            switchMap(() =>
              this.graphql.request(PreviewScheduleDocument, { input }).pipe(
                map(({ previewSchedule }): SchedulePreview => ({
                  status: 'ready',
                  times: previewSchedule,
                  error: null,
                })),
                catchError((error: unknown) =>
                  of<SchedulePreview>({
                    status: 'error',
                    times: [],
                    error: detailedMessageForHttpError(error),
                  }),
                ),
                startWith<SchedulePreview>({ status: 'loading', times: [], error: null }),
              ),
            ),
          );
        }),
      )
      .subscribe((preview) => this._preview.set(preview));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  request(form: ScheduleForm): void {
    this.requests.next(form);
  }

  clear(): void {
    this.requests.next(null);
  }
}

/** The preview's input, or the form's own problem (no request for a schedule it can tell is wrong). */
const inputOf = (schedule: ScheduleForm) => {
  const { config, problems } = configFromForm({ ...newTriggerForm('schedule'), schedule }, null);
  if (problems.length) return { problem: problems[0].message };
  return config as { mode: string; cron?: string; timezone?: string; intervalSeconds?: number };
};

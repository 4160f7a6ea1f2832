import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { AuditFilter } from './audit-log.graphql';

/** An action (`flow.published`) or a family of actions (`flow.*`), as the API accepts it. */
export const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?$/;

/** Local midnight of a `yyyy-mm-dd` day, as ISO 8601. */
const startOfDay = (day: string, plusDays = 0): string => {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
};

/** The audit log filters: action (or `x.*`), actor id, and a range of days (both inclusive). */
@Component({
  selector: 'sl-audit-filter-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="form-row"
      [formGroup]="form"
      (ngSubmit)="apply()"
      role="search"
      aria-label="Filter the audit log"
    >
      <div class="field">
        <label class="field__label" for="audit-action">Action</label>
        <input
          id="audit-action"
          class="field__input"
          formControlName="action"
          placeholder="flow.* or apikey.created"
          autocomplete="off"
          data-testid="audit-filter-action"
          [attr.aria-invalid]="form.controls.action.invalid"
          aria-describedby="audit-action-hint"
        />
      </div>
      <div class="field">
        <label class="field__label" for="audit-actor">Actor id</label>
        <input id="audit-actor" class="field__input" formControlName="actorId" autocomplete="off" />
      </div>
      <div class="field">
        <label class="field__label" for="audit-from">From</label>
        <input id="audit-from" class="field__input" type="date" formControlName="from" />
      </div>
      <div class="field">
        <label class="field__label" for="audit-to">To</label>
        <input id="audit-to" class="field__input" type="date" formControlName="to" />
      </div>
      <button class="button button--primary" type="submit" data-testid="audit-filter-apply">Apply</button>
      <button class="button" type="button" (click)="clear()">Clear</button>
    </form>
    <p class="audit-filter__hint" [class.field__error]="showActionError()" id="audit-action-hint">
      @if (showActionError()) {
        An action looks like <span class="mono">member.invited</span>, or
        <span class="mono">member.*</span> for all of a kind.
      } @else if (rangeError()) {
        <span class="field__error">“To” must not be before “From”.</span>
      } @else {
        Use <span class="mono">x.*</span> for a family of actions. Days are inclusive, in your time zone.
      }
    </p>
  `,
  styles: `
    .audit-filter__hint {
      margin: var(--sl-space-2) 0 var(--sl-space-4);
      color: var(--sl-color-text-muted);
      font-size: 0.8125rem;
    }
  `,
})
export class AuditFilterFormComponent {
  readonly filter = output<AuditFilter>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    action: ['', Validators.pattern(ACTION_PATTERN)],
    actorId: [''],
    from: [''],
    to: [''],
  });
  private readonly submitted = signal(false);
  protected readonly rangeError = signal(false);

  protected apply(): void {
    this.submitted.set(true);
    const { action, actorId, from, to } = this.form.getRawValue();
    this.rangeError.set(from !== '' && to !== '' && to < from);
    if (this.form.invalid || this.rangeError()) return;
    this.filter.emit({
      action: action.trim() || undefined,
      actorId: actorId.trim() || undefined,
      from: from ? startOfDay(from) : undefined,
      to: to ? startOfDay(to, 1) : undefined,
    });
  }

  protected clear(): void {
    this.form.reset();
    this.submitted.set(false);
    this.rangeError.set(false);
    this.filter.emit({});
  }

  protected showActionError(): boolean {
    return this.form.controls.action.invalid && this.submitted();
  }
}

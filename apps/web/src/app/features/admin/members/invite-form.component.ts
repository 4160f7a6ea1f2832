import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { Role } from '@stepline/domain';
import { ROLE_LABELS } from '../shared/roles';

export interface InviteRequest {
  email: string;
  role: Role;
}

/** Email and role of someone to invite. The page decides what happens and when to clear it. */
@Component({
  selector: 'sl-invite-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="form-row" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-label="Invite a member">
      <div class="field invite__email">
        <label class="field__label" for="invite-email">Email</label>
        <input
          id="invite-email"
          class="field__input"
          type="email"
          formControlName="email"
          autocomplete="off"
          data-testid="invite-email"
          [attr.aria-invalid]="showEmailError()"
          [attr.aria-describedby]="showEmailError() ? 'invite-email-error' : null"
        />
        @if (showEmailError()) {
          <span class="field__error" id="invite-email-error">Enter an email address.</span>
        }
      </div>
      <div class="field">
        <label class="field__label" for="invite-role">Role</label>
        <select id="invite-role" class="select" formControlName="role" data-testid="invite-role">
          @for (role of roles(); track role) {
            <option [value]="role">{{ labels[role] }}</option>
          }
        </select>
      </div>
      <button class="button button--primary" type="submit" [disabled]="pending()" data-testid="invite-submit">
        {{ pending() ? 'Inviting…' : 'Invite' }}
      </button>
    </form>
  `,
  styles: `
    .invite__email {
      flex: 1 1 260px;
      max-width: 360px;
    }
  `,
})
export class InviteFormComponent {
  readonly roles = input.required<readonly Role[]>();
  readonly pending = input(false);
  readonly invite = output<InviteRequest>();

  protected readonly labels = ROLE_LABELS;
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    role: ['viewer' as Role, Validators.required],
  });
  private readonly submitted = signal(false);

  protected submit(): void {
    this.submitted.set(true);
    if (this.form.invalid || this.pending()) return;
    const { email, role } = this.form.getRawValue();
    this.invite.emit({ email: email.trim(), role });
  }

  /** Clears the form after the invitation went out. */
  reset(): void {
    this.submitted.set(false);
    this.form.reset({ email: '', role: 'viewer' });
  }

  protected showEmailError(): boolean {
    const email = this.form.controls.email;
    return email.invalid && (email.touched || this.submitted());
  }
}

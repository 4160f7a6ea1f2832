import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthSession } from '../../core/auth/auth-session.service';
import { fieldProblems, problemCodeOf } from '../../core/errors/field-problems';
import { authErrorMessage } from './auth-error-message';
import { MIN_PASSWORD_LENGTH } from './password-policy';

type AcceptField = 'token' | 'name' | 'password';
const FIELDS: readonly AcceptField[] = ['token', 'name', 'password'];

/** The API's field problems the page words itself. */
const WORDING = { '/name field.required': 'Enter your name to create your account.' };

/** Why the invitation itself cannot be accepted; these replace the generic messages. */
const INVITATION_MESSAGES: Readonly<Record<string, string>> = {
  'resource.not_found':
    'This invitation does not exist. Check that the whole link or token was copied, or ask for a new invitation.',
  'invitation.already_accepted': 'This invitation has already been accepted. Sign in to open the workspace.',
  'invitation.expired': 'This invitation has expired. Ask the person who invited you to send a new one.',
  'invitation.revoked': 'This invitation was withdrawn. Ask the person who invited you to send a new one.',
  'member.already_member': 'You are already a member of this workspace. Sign in to open it.',
};

const WRONG_PASSWORD = 'That password does not match the account for this email';

/**
 * Accepting an invitation from its link (`?token=`) or a pasted token: a new account gives a name
 * and chooses a password, an existing one proves itself with its password. Works signed in too —
 * the new workspace's session replaces the current one.
 */
@Component({
  selector: 'sl-accept-invitation-page',
  imports: [ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './accept-invitation.page.html',
  styleUrl: './login.page.scss',
})
export class AcceptInvitationPage {
  /** From `?token=` of the invitation link. */
  readonly token = input<string>();

  private readonly session = inject(AuthSession);
  private readonly router = inject(Router);
  protected readonly linkToken = computed(() => this.token()?.trim() ?? '');
  protected readonly form = inject(NonNullableFormBuilder).group({
    token: [''],
    name: [''],
    password: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
  });
  protected readonly pending = signal(false);
  protected readonly submitted = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly serverErrors = signal<Partial<Record<AcceptField, string>>>({});

  protected submit(): void {
    this.submitted.set(true);
    const token = this.linkToken() || this.form.controls.token.value.trim();
    if (this.pending() || this.form.invalid || !token) return;
    const name = this.form.controls.name.value.trim();
    const password = this.form.controls.password.value;
    this.pending.set(true);
    this.error.set(null);
    this.serverErrors.set({});
    this.session.acceptInvitation({ token, password, ...(name ? { name } : {}) }).subscribe({
      next: () => void this.router.navigateByUrl('/flows'),
      error: (error: unknown) => {
        this.pending.set(false);
        this.showProblem(error);
      },
    });
  }

  protected fieldError(field: AcceptField): string | null {
    const shown = this.form.controls[field].touched || this.submitted();
    if (field === 'token' && shown && !this.form.controls.token.value.trim())
      return 'Paste the invitation token you were sent.';
    if (field === 'password' && shown && this.form.controls.password.invalid)
      return `Enter a password of at least ${MIN_PASSWORD_LENGTH} characters.`;
    return this.serverErrors()[field] ?? null;
  }

  private showProblem(error: unknown): void {
    const code = problemCodeOf(error);
    if (code === 'auth.invalid_credentials') {
      this.serverErrors.set({ password: WRONG_PASSWORD });
      return;
    }
    const invitation = code === undefined ? undefined : INVITATION_MESSAGES[code];
    if (invitation) {
      this.error.set(invitation);
      return;
    }
    const fields = fieldProblems(error, FIELDS, WORDING);
    // A malformed token from a link has no field to sit next to: the link itself is broken.
    if (fields.token && this.linkToken()) {
      delete fields.token;
      this.error.set(INVITATION_MESSAGES['resource.not_found'] ?? null);
    }
    this.serverErrors.set(fields);
    if (Object.keys(fields).length === 0 && this.error() === null) this.error.set(authErrorMessage(error));
  }
}

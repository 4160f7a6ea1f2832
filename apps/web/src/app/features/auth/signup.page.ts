import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { AuthSession } from '../../core/auth/auth-session.service';
import { fieldProblems } from '../../core/errors/field-problems';
import { authErrorMessage } from './auth-error-message';
import { MIN_PASSWORD_LENGTH } from './password-policy';

type SignUpField = 'name' | 'email' | 'password' | 'tenantName';
const FIELDS: readonly SignUpField[] = ['name', 'email', 'password', 'tenantName'];

/** What each field says while the browser-side check fails. */
const REQUIRED: Record<SignUpField, string> = {
  name: 'Enter your name.',
  email: 'Enter your email address.',
  password: `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`,
  tenantName: 'Name your workspace.',
};

/** The API's field problems the page words itself. */
const WORDING = { '/email field.taken': 'An account with this email already exists' };

/** Sign-up: a new user and the workspace they own, then straight into its flows. */
@Component({
  selector: 'sl-signup-page',
  imports: [ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './signup.page.html',
  styleUrl: './login.page.scss',
})
export class SignupPage {
  private readonly session = inject(AuthSession);
  private readonly router = inject(Router);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    password: ['', [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)]],
    tenantName: ['', Validators.required],
  });
  protected readonly pending = signal(false);
  protected readonly submitted = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Field problems of the last answer, shown until the next submit. */
  protected readonly serverErrors = signal<Partial<Record<SignUpField, string>>>({});

  protected submit(): void {
    this.submitted.set(true);
    if (this.pending() || this.form.invalid) return;
    const { name, email, password, tenantName } = this.form.getRawValue();
    this.pending.set(true);
    this.error.set(null);
    this.serverErrors.set({});
    this.session
      .signUp({ email: email.trim(), password, name: name.trim(), tenantName: tenantName.trim() })
      .subscribe({
        next: () => void this.router.navigateByUrl('/flows'),
        error: (error: unknown) => {
          this.pending.set(false);
          const fields = fieldProblems(error, FIELDS, WORDING);
          this.serverErrors.set(fields);
          if (Object.keys(fields).length === 0) this.error.set(authErrorMessage(error));
        },
      });
  }

  /** The field's message: the browser-side check first, then what the API said about it. */
  protected fieldError(field: SignUpField): string | null {
    const control = this.form.controls[field];
    if (control.invalid && (control.touched || this.submitted())) return REQUIRED[field];
    return this.serverErrors()[field] ?? null;
  }
}

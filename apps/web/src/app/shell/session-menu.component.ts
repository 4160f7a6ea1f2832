import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import { AuthSession } from '../core/auth/auth-session.service';
import { AuthStore } from '../core/auth/auth.store';
import { messageForHttpError } from '../core/errors/http-error-message';

/** Header end: workspace (switcher when the user has several), who is signed in, role, sign out. */
@Component({
  selector: 'sl-session-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'session-menu', 'data-testid': 'session-menu' },
  templateUrl: './session-menu.component.html',
  styleUrl: './session-menu.component.scss',
})
export class SessionMenuComponent {
  private readonly session = inject(AuthSession);
  private readonly router = inject(Router);
  protected readonly store = inject(AuthStore);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected switchTenant(event: Event): void {
    const select = event.target as HTMLSelectElement;
    const tenantId = select.value;
    if (tenantId === this.store.tenant()?.id) return;
    this.busy.set(true);
    this.error.set(null);
    this.session.switchTenant(tenantId).subscribe({
      next: () => {
        this.busy.set(false);
        // The new role may not see the current area; every role sees the flows.
        void this.router.navigateByUrl('/flows');
      },
      error: (error: unknown) => {
        this.busy.set(false);
        select.value = this.store.tenant()?.id ?? '';
        this.error.set(messageForHttpError(error));
      },
    });
  }

  protected signOut(): void {
    this.busy.set(true);
    this.session.signOut().subscribe();
  }
}

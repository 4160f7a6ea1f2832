import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthStore } from '../core/auth/auth.store';
import { ApiStatusComponent } from './api-status.component';
import { NAV_ITEMS } from './nav-items';
import { SessionMenuComponent } from './session-menu.component';

/** The frame around every signed-in page: brand, API status, session, main navigation, content. */
@Component({
  selector: 'sl-app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ApiStatusComponent, SessionMenuComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app-shell.component.html',
  styleUrl: './app-shell.component.scss',
})
export class AppShellComponent {
  private readonly store = inject(AuthStore);
  /** Only the areas the signed-in role may use. */
  protected readonly navItems = computed(() =>
    NAV_ITEMS.filter(({ requires: [action, subject] }) => this.store.can(action, subject)),
  );
}

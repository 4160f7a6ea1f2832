import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { ApiStatusComponent } from './api-status.component';
import { NAV_ITEMS } from './nav-items';

/** The frame around every signed-in page: brand, API status, main navigation, content. */
@Component({
  selector: 'sl-app-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, ApiStatusComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './app-shell.component.html',
  styleUrl: './app-shell.component.scss',
})
export class AppShellComponent {
  protected readonly navItems = NAV_ITEMS;
}

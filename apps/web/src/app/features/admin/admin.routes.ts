import type { Routes } from '@angular/router';
import { abilityGuard } from '../../core/auth/ability.guard';

const title = (section: string): string => `${section} · Admin · Stepline`;

/** The admin sections, inside `AdminPage`; `/admin` opens the members. */
export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'members' },
  {
    path: 'members',
    title: title('Members'),
    loadComponent: () => import('./members/members.page').then((m) => m.MembersPage),
  },
  {
    path: 'api-keys',
    title: title('API keys'),
    canActivate: [abilityGuard('read', 'ApiKey')],
    loadComponent: () => import('./api-keys/api-keys.page').then((m) => m.ApiKeysPage),
  },
  {
    path: 'secrets',
    title: title('Secrets'),
    canActivate: [abilityGuard('read', 'Secret')],
    loadComponent: () => import('./secrets/secrets.page').then((m) => m.SecretsPage),
  },
  {
    path: 'webhooks',
    title: title('Webhooks'),
    canActivate: [abilityGuard('read', 'WebhookEndpoint')],
    loadComponent: () => import('./webhooks/webhooks.page').then((m) => m.WebhooksPage),
  },
  {
    path: 'audit-log',
    title: title('Audit log'),
    canActivate: [abilityGuard('read', 'AuditLog')],
    loadComponent: () => import('./audit-log/audit-log.page').then((m) => m.AuditLogPage),
  },
  {
    path: 'usage',
    title: title('Usage'),
    canActivate: [abilityGuard('read', 'Usage')],
    loadComponent: () => import('./usage/usage.page').then((m) => m.UsagePage),
  },
];

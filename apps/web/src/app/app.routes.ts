import type { Routes } from '@angular/router';
import { abilityGuard } from './core/auth/ability.guard';
import { authGuard, guestGuard } from './core/auth/auth.guard';
import { AppShellComponent } from './shell/app-shell.component';

const title = (area: string): string => `${area} · Stepline`;

export const routes: Routes = [
  {
    path: 'login',
    title: title('Sign in'),
    canActivate: [guestGuard],
    loadComponent: () => import('./features/auth/login.page').then((m) => m.LoginPage),
  },
  {
    path: 'signup',
    title: title('Create a workspace'),
    canActivate: [guestGuard],
    loadComponent: () => import('./features/auth/signup.page').then((m) => m.SignupPage),
  },
  {
    // No guard: someone signed in may accept too, and the invited workspace's session replaces theirs.
    path: 'accept-invitation',
    title: title('Accept invitation'),
    loadComponent: () => import('./features/auth/accept-invitation.page').then((m) => m.AcceptInvitationPage),
  },
  {
    path: '',
    component: AppShellComponent,
    // Child guard too: after signing out, the next navigation inside the frame asks to sign in.
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'flows' },
      {
        path: 'flows',
        title: title('Flows'),
        loadComponent: () => import('./features/flows/flows.page').then((m) => m.FlowsPage),
      },
      {
        path: 'flows/:id',
        title: title('Flow editor'),
        loadComponent: () => import('./features/flow-editor/flow-editor.page').then((m) => m.FlowEditorPage),
      },
      {
        path: 'runs',
        title: title('Runs'),
        loadComponent: () => import('./features/runs/runs.page').then((m) => m.RunsPage),
      },
      {
        path: 'runs/:id',
        title: title('Run'),
        loadComponent: () => import('./features/runs/detail/run-detail.page').then((m) => m.RunDetailPage),
      },
      {
        path: 'approvals',
        title: title('Approvals'),
        loadComponent: () => import('./features/approvals/approvals.page').then((m) => m.ApprovalsPage),
      },
      {
        path: 'triggers',
        title: title('Triggers'),
        loadComponent: () => import('./features/triggers/triggers.page').then((m) => m.TriggersPage),
      },
      {
        path: 'admin',
        title: title('Admin'),
        canActivate: [abilityGuard('read', 'Member')],
        loadComponent: () => import('./features/admin/admin.page').then((m) => m.AdminPage),
        loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
      {
        path: 'no-access',
        title: title('No access'),
        loadComponent: () => import('./shell/no-access.page').then((m) => m.NoAccessPage),
      },
      {
        path: '**',
        title: title('Not found'),
        loadComponent: () => import('./shell/not-found.page').then((m) => m.NotFoundPage),
      },
    ],
  },
];

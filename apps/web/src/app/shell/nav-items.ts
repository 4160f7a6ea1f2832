import type { Action, Subject } from '@stepline/domain';

export interface NavItem {
  path: string;
  label: string;
  /** The ability a role needs to see this item (the API enforces it; the nav only hides). */
  requires: readonly [Action, Subject];
  /** SVG path data on a 24×24 grid, stroked. */
  icon: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  {
    path: 'flows',
    label: 'Flows',
    requires: ['read', 'Flow'],
    icon: 'M4 4h7v7H4zM13 13h7v7h-7zM11 7.5h3.5a2 2 0 0 1 2 2V13',
  },
  { path: 'runs', label: 'Runs', requires: ['read', 'Run'], icon: 'M8 5v14l11-7z' },
  {
    path: 'approvals',
    label: 'Approvals',
    requires: ['read', 'Run'],
    icon: 'M5 12l4 4 10-10M4 20h16',
  },
  { path: 'triggers', label: 'Triggers', requires: ['read', 'Trigger'], icon: 'M13 3 5 14h6l-1 7 8-11h-6z' },
  {
    path: 'admin',
    label: 'Admin',
    requires: ['read', 'Member'],
    icon: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM4 12h2M18 12h2M12 4v2M12 18v2M6.3 6.3l1.4 1.4M16.3 16.3l1.4 1.4M6.3 17.7l1.4-1.4M16.3 7.7l1.4-1.4',
  },
];

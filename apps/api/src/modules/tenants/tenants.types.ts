import type { TenantSettings } from '@stepline/server';

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  settings: TenantSettings;
  createdAt: string;
}

export interface UpdateTenantInput {
  name?: string;
  /** Merged into the stored settings: fields left out keep their value. */
  settings?: TenantSettings;
}

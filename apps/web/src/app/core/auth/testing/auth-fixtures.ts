import type { AuthSessionResponse, Membership } from '../auth.types';

const DEMO_TENANT = { id: 'tenant-demo', slug: 'demo', name: 'Demo Workspace' };

/** An `AuthSessionResponse` as the API sends it, one year from expiring. */
export const sessionResponse = (overrides: Partial<AuthSessionResponse> = {}): AuthSessionResponse => {
  const tenant = overrides.tenant ?? DEMO_TENANT;
  const role = overrides.role ?? 'owner';
  const memberships: Membership[] = overrides.memberships ?? [
    { tenantId: tenant.id, slug: tenant.slug, name: tenant.name, role },
  ];
  return {
    accessToken: 'access-1',
    expiresIn: 900,
    refreshToken: 'refresh-1',
    refreshExpiresAt: new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString(),
    tokenType: 'Bearer',
    user: { id: 'user-1', email: 'demo@stepline.local', name: 'Demo User' },
    ...overrides,
    tenant,
    role,
    memberships,
  };
};

/** A Storage kept in memory, so tests neither share nor leak sessions through jsdom's storage. */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();

  get length(): number {
    return this.items.size;
  }

  clear(): void {
    this.items.clear();
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

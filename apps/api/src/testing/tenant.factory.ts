import { ROLES, type Role } from '@stepline/domain';
import { hashPassword } from '@stepline/server';
import type pg from 'pg';
import { HttpClient } from './http-client.js';
import { withTenantClient } from './tenant-db.js';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  accessToken: string;
  refreshToken: string;
}

export interface TestTenant {
  id: string;
  name: string;
  owner: TestUser;
  /** One signed-in user per role (the owner is `users.owner`). */
  users: Record<Role, TestUser>;
}

let passwordHash: Promise<string> | undefined;
let seq = 0;

/** A user whose password is TEST_PASSWORD and their membership of `role`, inserted over `client`; answers the user id. */
export async function insertMember(
  client: pg.Client,
  tenantId: string,
  user: { email: string; name: string; role: Role },
): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const { rows } = await client.query(
    `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [user.email, user.name, await passwordHash],
  );
  await client.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`, [
    tenantId,
    rows[0].id,
    user.role,
  ]);
  return rows[0].id;
}

/** Logs in with TEST_PASSWORD (into `tenantId`, or the first tenant); answers the token pair. */
export async function signIn(
  http: HttpClient,
  email: string,
  tenantId?: string,
): Promise<{ accessToken: string; refreshToken: string }> {
  const res = await http.post('/v1/auth/login', {
    email,
    password: TEST_PASSWORD,
    ...(tenantId ? { tenantId } : {}),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A tenant with one signed-in user per role. The owner signs up through the API; the other members
 * are written straight into the database (as the schema owner, inside the tenant's RLS scope) and
 * then log in through the API, so every token is real.
 */
export async function createTestTenant(
  http: HttpClient,
  ownerUrl: string,
  label = 'acme',
): Promise<TestTenant> {
  const tag = `${label}${++seq}${Math.random().toString(36).slice(2, 7)}`;
  const signup = await http.post('/v1/auth/signup', {
    email: `owner.${tag}@example.com`,
    password: TEST_PASSWORD,
    name: `Owner ${tag}`,
    tenantName: `Tenant ${tag}`,
  });
  if (signup.status !== 201)
    throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  const tenantId: string = signup.body.tenant.id;
  const owner: TestUser = {
    id: signup.body.user.id,
    email: signup.body.user.email,
    role: 'owner',
    accessToken: signup.body.accessToken,
    refreshToken: signup.body.refreshToken,
  };
  const users = { owner } as Record<Role, TestUser>;
  await withTenantClient(ownerUrl, tenantId, async (client) => {
    for (const role of ROLES.filter((r) => r !== 'owner')) {
      const email = `${role}.${tag}@example.com`;
      const id = await insertMember(client, tenantId, { email, name: `${role} ${tag}`, role });
      users[role] = { id, email, role, accessToken: '', refreshToken: '' };
    }
  });
  for (const role of ROLES.filter((r) => r !== 'owner')) {
    const tokens = await signIn(http, users[role].email);
    users[role].accessToken = tokens.accessToken;
    users[role].refreshToken = tokens.refreshToken;
  }
  return { id: tenantId, name: `Tenant ${tag}`, owner, users };
}

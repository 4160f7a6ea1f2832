import { ROLES, type Role } from '@stepline/domain';
import { hashPassword } from '@stepline/server';
import pg from 'pg';
import { HttpClient } from './http-client.js';

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

/**
 * A tenant with one signed-in user per role. The owner signs up through the API; the other members
 * are written straight into the database (as the schema owner, inside the tenant's RLS scope) and
 * then log in through the API, so every token is real.
 */
export async function createTestTenant(http: HttpClient, ownerUrl: string, label = 'acme'): Promise<TestTenant> {
  const tag = `${label}${++seq}${Math.random().toString(36).slice(2, 7)}`;
  const signup = await http.post('/v1/auth/signup', {
    email: `owner.${tag}@example.com`,
    password: TEST_PASSWORD,
    name: `Owner ${tag}`,
    tenantName: `Tenant ${tag}`,
  });
  if (signup.status !== 201) throw new Error(`signup failed: ${signup.status} ${JSON.stringify(signup.body)}`);
  const tenantId: string = signup.body.tenant.id;
  const owner: TestUser = {
    id: signup.body.user.id,
    email: signup.body.user.email,
    role: 'owner',
    accessToken: signup.body.accessToken,
    refreshToken: signup.body.refreshToken,
  };
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const users = { owner } as Record<Role, TestUser>;
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    for (const role of ROLES.filter((r) => r !== 'owner')) {
      const email = `${role}.${tag}@example.com`;
      const { rows } = await client.query(
        `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
        [email, `${role} ${tag}`, hash],
      );
      await client.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`, [
        tenantId,
        rows[0].id,
        role,
      ]);
      users[role] = { id: rows[0].id, email, role, accessToken: '', refreshToken: '' };
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  for (const role of ROLES.filter((r) => r !== 'owner')) {
    const login = await http.post('/v1/auth/login', { email: users[role].email, password: TEST_PASSWORD });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    users[role].accessToken = login.body.accessToken;
    users[role].refreshToken = login.body.refreshToken;
  }
  return { id: tenantId, name: `Tenant ${tag}`, owner, users };
}

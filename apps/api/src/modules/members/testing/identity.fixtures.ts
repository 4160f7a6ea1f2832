import { type Role } from '@stepline/domain';
import { hashPassword } from '@stepline/server';
import pg from 'pg';
import { expect } from 'vitest';
import type { HttpClient, HttpResponse } from '../../../testing/http-client.js';
import { TEST_PASSWORD } from '../../../testing/tenant.factory.js';

/**
 * Fixtures shared by the identity integration tests (members, invitations, API keys, tenant):
 * direct database access as the schema owner inside a tenant's RLS scope, and short assertions.
 */

let seq = 0;
let passwordHash: Promise<string> | undefined;

export const uniqueEmail = (label: string) =>
  `${label}.${++seq}.${Math.random().toString(36).slice(2, 8)}@example.com`;

/** Runs `sql` as the schema owner with `app.tenant_id` set, like the application would. */
export async function ownerQuery<T = any>(
  ownerUrl: string,
  tenantId: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const { rows } = await client.query(sql, params);
    await client.query('COMMIT');
    return rows as T[];
  } finally {
    await client.end();
  }
}

export interface AuditRow {
  action: string;
  actor_type: string;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const auditRows = (ownerUrl: string, tenantId: string, action?: string) =>
  ownerQuery<AuditRow>(
    ownerUrl,
    tenantId,
    `SELECT action, actor_type, actor_id, target_type, target_id, before, after FROM audit_log
      WHERE tenant_id = $1 AND ($2::text IS NULL OR action = $2) ORDER BY created_at, id`,
    [tenantId, action ?? null],
  );

/** A user with password TEST_PASSWORD and a membership of `role`, written straight to the database. */
export async function addMember(
  ownerUrl: string,
  tenantId: string,
  role: Role,
  label: string = role,
): Promise<{ id: string; email: string }> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = uniqueEmail(label);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    const { rows } = await client.query(
      `INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
      [email, `Member ${label}`, await passwordHash],
    );
    await client.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`, [
      tenantId,
      rows[0].id,
      role,
    ]);
    await client.query('COMMIT');
    return { id: rows[0].id, email };
  } finally {
    await client.end();
  }
}

export async function login(http: HttpClient, email: string, tenantId?: string): Promise<string> {
  const res = await http.post('/v1/auth/login', {
    email,
    password: TEST_PASSWORD,
    ...(tenantId ? { tenantId } : {}),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

/** A REST problem: the status and the code, never the message. */
export function expectProblem(res: HttpResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }, JSON.stringify(res.body)).toEqual({ status, code });
}

type GqlBody = { data?: any; errors?: Array<{ extensions?: Record<string, any> }> };

export function expectGqlError(body: GqlBody, code: string): void {
  expect(body.errors?.[0]?.extensions?.code, JSON.stringify(body)).toBe(code);
}

export function expectGqlOk(body: GqlBody): void {
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
}

/** For role-matrix tables: what each role may do, per product.md §1. */
export const ADMINS: Role[] = ['owner', 'admin'];
export const OWNERS: Role[] = ['owner'];
export const EVERYONE: Role[] = ['owner', 'admin', 'editor', 'operator', 'viewer'];

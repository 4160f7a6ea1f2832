import type { Role } from '@stepline/domain';
import type { Queryable } from './sql-params.js';

/** What an access token's session may do now: its membership, and whether the session was revoked. */
export interface SessionMembership {
  role: Role;
  email: string;
  revoked: boolean;
}

/**
 * The membership of `userId` in `tenantId` and whether the session family `familyId` was revoked,
 * read under the tenant's row-level security in one statement (`session_membership`, no explicit
 * transaction). Null when the user is not a member.
 */
export async function findSessionMembership(
  db: Queryable,
  tenantId: string,
  userId: string,
  familyId: string,
): Promise<SessionMembership | null> {
  const rows: SessionMembership[] = await db.query(
    `SELECT role, email, revoked FROM session_membership($1, $2, $3)`,
    [tenantId, userId, familyId],
  );
  return rows[0] ?? null;
}

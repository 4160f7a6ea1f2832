import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@stepline/domain';
import { APP_CONFIG, hashToken, randomToken, RefreshTokenEntity, type AppConfig } from '@stepline/server';
import type { EntityManager } from 'typeorm';
import { AccessTokenService } from '../../common/auth/access-token.service.js';
import type { AuthSession, MembershipSummary } from './auth.types.js';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/**
 * Issues the token pair of a login session. The manager's transaction must be scoped to the
 * session's tenant and user (RLS): the refresh token is written in the tenant, and the user's
 * memberships are listed across tenants.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly accessTokens: AccessTokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(
    m: EntityManager,
    user: SessionUser,
    tenantId: string,
    familyId: string = randomUUID(),
  ): Promise<AuthSession> {
    const refreshToken = randomToken(32);
    const refreshExpiresAt = new Date(Date.now() + this.config.jwt.refreshTtlSeconds * 1000);
    await m.insert(RefreshTokenEntity, {
      tenantId,
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: refreshExpiresAt,
    });
    const memberships = await this.memberships(m, user.id);
    const current = memberships.find((x) => x.tenantId === tenantId);
    if (!current) throw new Error(`user ${user.id} has no membership in tenant ${tenantId}`);
    return {
      tokenType: 'Bearer',
      accessToken: this.accessTokens.sign({ sub: user.id, tid: tenantId, sid: familyId }),
      expiresIn: this.accessTokens.ttlSeconds,
      refreshToken,
      refreshExpiresAt: refreshExpiresAt.toISOString(),
      user: { id: user.id, email: user.email, name: user.name },
      tenant: { id: current.tenantId, slug: current.slug, name: current.name },
      role: current.role,
      memberships,
    };
  }

  /** The user's memberships in every tenant (needs `app.user_id` set on the transaction). */
  async memberships(m: EntityManager, userId: string): Promise<MembershipSummary[]> {
    const rows: Array<{ tenant_id: string; slug: string; name: string; role: Role }> = await m.query(
      `SELECT m.tenant_id, t.slug, t.name, m.role
         FROM memberships m JOIN tenants t ON t.id = m.tenant_id
        WHERE m.user_id = $1 ORDER BY m.created_at, t.slug`,
      [userId],
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, slug: r.slug, name: r.name, role: r.role }));
  }

  /** Revokes every token of a session family (logout, or a reused refresh token). */
  async revokeFamily(m: EntityManager, familyId: string): Promise<void> {
    await m.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }
}

import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { actorOf, AppError, type Principal, type UserPrincipal } from '@stepline/domain';
import {
  APP_CONFIG,
  type AppConfig,
  DATA_SOURCE,
  dummyPasswordHash,
  enterScope,
  enterTenant,
  hashPassword,
  hashToken,
  inScope,
  MembershipEntity,
  TenantEntity,
  UserEntity,
  verifyPassword,
} from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { RateLimiter } from '../../common/http/rate-limiter.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthSession, SessionInfo } from './auth.types.js';
import { SessionService, type SessionUser } from './session.service.js';

export interface SignupInput {
  email: string;
  password: string;
  name: string;
  tenantName: string;
}
export interface LoginInput {
  email: string;
  password: string;
  tenantId?: string;
}

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'tenant';

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

/** Signup, login, refresh-token rotation, logout and tenant switching. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signup(input: SignupInput, meta: RequestMeta): Promise<AuthSession> {
    const passwordHash = await hashPassword(input.password);
    const tenantId = randomUUID();
    try {
      return await this.db.transaction(async (m) => {
        const user = await this.insertUser(m, input.email, input.name, passwordHash);
        await enterScope(m, { tenantId, userId: user.id });
        const slug = `${slugify(input.tenantName)}-${randomBytes(3).toString('hex')}`;
        await m.insert(TenantEntity, { id: tenantId, slug, name: input.tenantName });
        await m.insert(MembershipEntity, { tenantId, userId: user.id, role: 'owner' });
        const actor = { type: 'user' as const, id: user.id, label: user.email };
        await this.audit.record(m, {
          tenantId,
          actor,
          action: 'tenant.created',
          target: { type: 'tenant', id: tenantId },
          after: { name: input.tenantName, slug },
          meta,
        });
        await this.audit.record(m, {
          tenantId,
          actor,
          action: 'auth.signup',
          target: { type: 'user', id: user.id },
          meta,
        });
        return this.sessions.issue(m, user, tenantId);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw AppError.validation(
          [{ path: '/email', code: 'field.taken', message: 'an account with this email already exists' }],
          'An account with this email already exists',
        );
      }
      throw error;
    }
  }

  /** Creates a user (global, not tenant-owned); the caller's transaction handles uniqueness races. */
  async insertUser(
    m: EntityManager,
    email: string,
    name: string,
    passwordHash: string,
  ): Promise<SessionUser> {
    const result = await m.insert(UserEntity, { email: email.trim(), name: name.trim(), passwordHash });
    return { id: result.identifiers[0].id as string, email: email.trim(), name: name.trim() };
  }

  async findUserByEmail(
    m: EntityManager,
    email: string,
  ): Promise<(SessionUser & { passwordHash: string }) | null> {
    const rows: Array<{ id: string; email: string; name: string; password_hash: string }> = await m.query(
      `SELECT id, email, name, password_hash FROM users WHERE lower(email) = lower($1)`,
      [email.trim()],
    );
    const r = rows[0];
    return r ? { id: r.id, email: r.email, name: r.name, passwordHash: r.password_hash } : null;
  }

  async login(input: LoginInput, meta: RequestMeta): Promise<AuthSession> {
    const email = input.email.trim().toLowerCase();
    await this.throttlePasswordCheck(email, meta);

    const user = await this.db.transaction((m) => this.findUserByEmail(m, email));
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    if (!user || !ok) {
      await this.recordFailedLogin(email, user?.id ?? null, meta);
      throw new AppError('auth.invalid_credentials', 'Email or password is incorrect');
    }
    await this.passwordCheckSucceeded(email);
    return inScope(this.db, { userId: user.id }, async (m) => {
      const memberships = await this.sessions.memberships(m, user.id);
      if (memberships.length === 0)
        throw new AppError('permission.denied', 'This account belongs to no tenant');
      const target = input.tenantId ? memberships.find((x) => x.tenantId === input.tenantId) : memberships[0];
      if (!target) throw AppError.notFound('Tenant');
      await enterTenant(m, target.tenantId);
      await this.audit.record(m, {
        tenantId: target.tenantId,
        actor: { type: 'user', id: user.id, label: user.email },
        action: 'auth.login',
        target: { type: 'user', id: user.id },
        meta,
      });
      return this.sessions.issue(m, user, target.tenantId);
    });
  }

  /**
   * Every password check (login, accepting an invitation as an existing user) counts against the
   * same per-IP and per-email limits, so no endpoint offers unthrottled guessing.
   */
  async throttlePasswordCheck(email: string, meta: RequestMeta): Promise<void> {
    const limits = this.config.loginLimits;
    const key = email.trim().toLowerCase();
    await this.limiter.hit({
      bucket: 'login:ip',
      key: meta.ip ?? 'unknown',
      max: limits.perIpPerMinute,
      windowSeconds: 60,
    });
    await this.limiter.hit({
      bucket: 'login:email',
      key,
      max: limits.perEmailPer5Minutes,
      windowSeconds: 300,
    });
  }

  /** A correct password clears the email's failure count (the per-IP window runs on). */
  passwordCheckSucceeded(email: string): Promise<void> {
    return this.limiter.reset('login:email', email.trim().toLowerCase());
  }

  /** A failed login is audited in every tenant of the account it targeted (or tenant-less if none). */
  private async recordFailedLogin(email: string, userId: string | null, meta: RequestMeta): Promise<void> {
    const actor = { type: 'anonymous' as const, id: null, label: email };
    const entry = { actor, action: 'auth.login_failed', target: { type: 'user', id: userId ?? email }, meta };
    await inScope(this.db, { userId: userId ?? undefined }, async (m) => {
      const tenants = userId ? await this.sessions.memberships(m, userId) : [];
      if (tenants.length === 0) return this.audit.record(m, { ...entry, tenantId: null });
      for (const t of tenants) {
        await enterTenant(m, t.tenantId);
        await this.audit.record(m, { ...entry, tenantId: t.tenantId });
      }
    });
  }

  /**
   * Rotates a refresh token. Exactly one caller can rotate a given token (conditional UPDATE); a
   * token presented after rotation was stolen or replayed, so its whole family is revoked.
   */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<AuthSession> {
    const tokenHash = hashToken(refreshToken);
    const outcome = await inScope(this.db, { tokenHash }, async (m) => {
      const rows: Array<{
        id: string;
        tenant_id: string;
        user_id: string;
        family_id: string;
        rotated: boolean;
        revoked: boolean;
        expired: boolean;
      }> = await m.query(
        `SELECT id, tenant_id, user_id, family_id, rotated_at IS NOT NULL AS rotated,
                revoked_at IS NOT NULL AS revoked, expires_at <= now() AS expired
           FROM refresh_tokens WHERE token_hash = $1`,
        [tokenHash],
      );
      const row = rows[0];
      if (!row || row.revoked) return { error: new AppError('auth.token_invalid', 'Invalid refresh token') };
      if (row.expired) return { error: new AppError('auth.token_expired', 'Refresh token expired') };
      await enterScope(m, { tenantId: row.tenant_id, userId: row.user_id, tokenHash });
      const rotated: Array<{ id: string }> = row.rotated
        ? []
        : // Wrapped in a SELECT so the driver answers rows (for a bare UPDATE it answers [rows, count]).
          await m.query(
            `WITH r AS (UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1 AND rotated_at IS NULL RETURNING id)
             SELECT id FROM r`,
            [row.id],
          );
      if (rotated.length === 0) {
        await this.sessions.revokeFamily(m, row.family_id);
        await this.audit.record(m, {
          tenantId: row.tenant_id,
          actor: { type: 'user', id: row.user_id, label: null },
          action: 'auth.refresh_reused',
          target: { type: 'session', id: row.family_id },
          meta,
        });
        return {
          error: new AppError(
            'auth.refresh_reused',
            'Refresh token was already used; the session is revoked',
          ),
        };
      }
      const users: Array<{ id: string; email: string; name: string }> = await m.query(
        `SELECT u.id, u.email, u.name FROM users u JOIN memberships ms ON ms.user_id = u.id AND ms.tenant_id = $2
          WHERE u.id = $1`,
        [row.user_id, row.tenant_id],
      );
      if (!users[0]) return { error: new AppError('auth.token_invalid', 'The membership has ended') };
      return { session: await this.sessions.issue(m, users[0], row.tenant_id, row.family_id) };
    });
    // Thrown outside the transaction so that revoking a reused family commits.
    if ('error' in outcome) throw outcome.error;
    return outcome.session;
  }

  async logout(principal: UserPrincipal, meta: RequestMeta): Promise<void> {
    await inScope(this.db, { tenantId: principal.tenantId }, async (m) => {
      await this.sessions.revokeFamily(m, principal.sessionId);
      await this.audit.record(m, {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'auth.logout',
        target: { type: 'session', id: principal.sessionId },
        meta,
      });
    });
  }

  async switchTenant(principal: Principal, tenantId: string, meta: RequestMeta): Promise<AuthSession> {
    if (principal.kind !== 'user') throw new AppError('permission.denied', 'Only users switch tenants');
    return inScope(this.db, { userId: principal.userId }, async (m) => {
      const target = (await this.sessions.memberships(m, principal.userId)).find(
        (x) => x.tenantId === tenantId,
      );
      if (!target) throw AppError.notFound('Tenant');
      await enterTenant(m, tenantId);
      const users: Array<{ name: string }> = await m.query(`SELECT name FROM users WHERE id = $1`, [
        principal.userId,
      ]);
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'auth.tenant_switched',
        target: { type: 'tenant', id: tenantId },
        before: { tenantId: principal.tenantId },
        meta,
      });
      return this.sessions.issue(
        m,
        { id: principal.userId, email: principal.email, name: users[0]?.name ?? '' },
        tenantId,
      );
    });
  }

  /** The signed-in user, the tenant of the credential, their role there and all their memberships. */
  async me(principal: UserPrincipal): Promise<SessionInfo> {
    return inScope(this.db, { tenantId: principal.tenantId, userId: principal.userId }, async (m) => {
      const users: SessionUser[] = await m.query(`SELECT id, email, name FROM users WHERE id = $1`, [
        principal.userId,
      ]);
      const memberships = await this.sessions.memberships(m, principal.userId);
      const current = memberships.find((x) => x.tenantId === principal.tenantId);
      if (!users[0] || !current) throw AppError.notFound('User');
      return {
        user: users[0],
        tenant: { id: current.tenantId, slug: current.slug, name: current.name },
        role: current.role,
        memberships,
      };
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { actorOf, AppError, type Principal, type Role } from '@stepline/domain';
import {
  APP_CONFIG,
  type AppConfig,
  DATA_SOURCE,
  enterScope,
  hashToken,
  inScope,
  inTenant,
  InvitationEntity,
  randomToken,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter, keysetPage } from '../../common/http/keyset-page.js';
import { RateLimiter } from '../../common/http/rate-limiter.service.js';
import type { Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import type { AuthSession } from '../auth/auth.types.js';
import { SessionService } from '../auth/session.service.js';
import { InviteeService } from './invitee.service.js';
import {
  actsAsOwner,
  type AcceptInvitationInput,
  type CreatedInvitation,
  type InvitationView,
} from './members.types.js';

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
const CURSOR_TIME = `date_trunc('milliseconds', created_at)`;
const PENDING = `accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`;

interface InvitationRow {
  id: string;
  email: string;
  role: Role;
  invited_by: string;
  expires_at: Date;
  created_at: Date;
}

const toInvitation = (r: InvitationRow): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  expiresAt: r.expires_at.toISOString(),
  createdAt: r.created_at.toISOString(),
});

const isUniqueViolation = (e: unknown, constraint: string) =>
  (e as { code?: string })?.code === '23505' && (e as { constraint?: string }).constraint === constraint;

/**
 * Invitations: an admin invites an email with a role; whoever holds the one-time token joins the
 * tenant with that role — as a new user, or as the existing user of that email after proving it
 * with their password.
 */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionService,
    private readonly invitees: InviteeService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(
    principal: Principal,
    input: { email: string; role: Role },
    meta: RequestMeta,
  ): Promise<CreatedInvitation> {
    if (input.role === 'owner' && !actsAsOwner(principal)) {
      throw new AppError('permission.denied', 'Only an owner can invite an owner');
    }
    await this.limiter.hit({
      bucket: 'invitations:tenant',
      key: principal.tenantId,
      max: this.config.tenantLimits.invitationsPerHour,
      windowSeconds: 3600,
      code: 'quota.exceeded',
      message: 'Too many invitations sent from this tenant in the last hour',
    });
    const email = input.email.trim();
    return inTenant(this.db, principal.tenantId, async (m) => {
      const members = await m.query(
        `SELECT 1 FROM memberships ms JOIN users u ON u.id = ms.user_id WHERE ms.tenant_id = $1 AND lower(u.email) = lower($2)`,
        [principal.tenantId, email],
      );
      if (members.length > 0)
        throw new AppError('member.already_member', 'This email already belongs to a member');
      const pending = await m.query(
        `SELECT 1 FROM invitations WHERE tenant_id = $1 AND lower(email) = lower($2) AND ${PENDING}`,
        [principal.tenantId, email],
      );
      if (pending.length > 0) {
        throw new AppError(
          'invitation.pending',
          'This email already has a pending invitation; revoke it to invite again',
        );
      }
      const token = randomToken(32);
      const actor = actorOf(principal);
      const row = await m.save(
        m.create(InvitationEntity, {
          tenantId: principal.tenantId,
          email,
          role: input.role,
          tokenHash: hashToken(token),
          invitedBy: actor.id,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        }),
      );
      const invitation = toInvitation({
        id: row.id,
        email,
        role: input.role,
        invited_by: actor.id,
        expires_at: row.expiresAt,
        created_at: row.createdAt,
      });
      await this.audit.record(m, {
        tenantId: principal.tenantId,
        actor,
        action: 'member.invited',
        target: { type: 'invitation', id: row.id },
        after: { email, role: input.role, expiresAt: invitation.expiresAt },
        meta,
      });
      return { ...invitation, token };
    });
  }

  /** Pending invitations (not accepted, revoked or expired), newest first. */
  async listPending(principal: Principal, limit: number, cursor?: string): Promise<Page<InvitationView>> {
    const after = keysetAfter(cursor);
    const rows: InvitationRow[] = await inTenant(this.db, principal.tenantId, (m) =>
      m.query(
        `SELECT id, email, role, invited_by, expires_at, created_at FROM invitations
          WHERE tenant_id = $1 AND ${PENDING}
            AND ($2::timestamptz IS NULL OR (${CURSOR_TIME}, id) < ($2::timestamptz, $3::uuid))
          ORDER BY ${CURSOR_TIME} DESC, id DESC LIMIT $4`,
        [principal.tenantId, after.t, after.id, limit + 1],
      ),
    );
    const page = keysetPage(rows, limit, (r) => ({ t: r.created_at.toISOString(), id: r.id }));
    return { data: page.data.map(toInvitation), nextCursor: page.nextCursor };
  }

  /** Idempotent for a revoked invitation; an accepted one can no longer be revoked (remove the member). */
  async revoke(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
    await inTenant(this.db, principal.tenantId, async (m) => {
      const rows: Array<{ email: string; role: Role; accepted: boolean; revoked: boolean }> = await m.query(
        `SELECT email, role, accepted_at IS NOT NULL AS accepted, revoked_at IS NOT NULL AS revoked
           FROM invitations WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [principal.tenantId, id],
      );
      const row = rows[0];
      if (!row) throw AppError.notFound('Invitation');
      if (row.accepted)
        throw new AppError('invitation.already_accepted', 'The invitation was already accepted');
      if (row.revoked) return;
      await m.query(`UPDATE invitations SET revoked_at = now() WHERE id = $1`, [id]);
      await this.audit.record(m, {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'invitation.revoked',
        target: { type: 'invitation', id },
        before: { email: row.email, role: row.role },
        meta,
      });
    });
  }

  /**
   * Redeems a token. The invitation row is locked, so of two concurrent acceptances one joins and
   * the other finds it accepted. Any failure rolls back everything, a newly created user included.
   */
  async accept(input: AcceptInvitationInput, meta: RequestMeta): Promise<AuthSession> {
    const tokenHash = hashToken(input.token);
    try {
      return await inScope(this.db, { tokenHash }, async (m) => {
        const rows: Array<{
          id: string;
          tenant_id: string;
          email: string;
          role: Role;
          accepted: boolean;
          revoked: boolean;
          expired: boolean;
        }> = await m.query(
          `SELECT id, tenant_id, email, role, accepted_at IS NOT NULL AS accepted, revoked_at IS NOT NULL AS revoked,
                    expires_at <= now() AS expired
               FROM invitations WHERE token_hash = $1 FOR UPDATE`,
          [tokenHash],
        );
        const inv = rows[0];
        if (!inv) throw AppError.notFound('Invitation');
        if (inv.accepted)
          throw new AppError('invitation.already_accepted', 'The invitation was already accepted');
        if (inv.revoked) throw new AppError('invitation.revoked', 'The invitation was revoked');
        if (inv.expired) throw new AppError('invitation.expired', 'The invitation has expired');

        const user = await this.invitees.resolve(m, inv.email, input, meta);
        await enterScope(m, { tenantId: inv.tenant_id, userId: user.id, tokenHash });
        const existing = await m.query(`SELECT 1 FROM memberships WHERE tenant_id = $1 AND user_id = $2`, [
          inv.tenant_id,
          user.id,
        ]);
        if (existing.length > 0)
          throw new AppError('member.already_member', 'You are already a member of this tenant');
        await m.query(`INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, $3)`, [
          inv.tenant_id,
          user.id,
          inv.role,
        ]);
        await m.query(`UPDATE invitations SET accepted_at = now() WHERE id = $1`, [inv.id]);
        await this.audit.record(m, {
          tenantId: inv.tenant_id,
          actor: { type: 'user', id: user.id, label: user.email },
          action: 'member.joined',
          target: { type: 'member', id: user.id },
          after: { role: inv.role, invitationId: inv.id },
          meta,
        });
        return this.sessions.issue(m, user, inv.tenant_id);
      });
    } catch (error) {
      // Two acceptances racing for the same user and tenant through different invitations.
      if (isUniqueViolation(error, 'UQ_memberships_tenant_user')) {
        throw new AppError('member.already_member', 'You are already a member of this tenant');
      }
      throw error;
    }
  }
}

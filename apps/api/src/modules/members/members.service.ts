import { Inject, Injectable } from '@nestjs/common';
import { actorOf, AppError, type Principal, type Role, type UserPrincipal } from '@stepline/domain';
import { DATA_SOURCE, inTenant } from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter, keysetPage } from '../../common/http/keyset-page.js';
import type { Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { actsAsOwner, type MemberView } from './members.types.js';

interface MemberRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
}

const MEMBER_SELECT = `SELECT m.id, m.user_id, u.email, u.name, m.role, m.created_at
                         FROM memberships m JOIN users u ON u.id = m.user_id`;
const CURSOR_TIME = `date_trunc('milliseconds', m.created_at)`;

const toMember = (r: MemberRow): MemberView => ({
  id: r.id,
  userId: r.user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  createdAt: r.created_at.toISOString(),
});

const lastOwner = () => new AppError('member.last_owner', 'A tenant must keep at least one owner');

/** Members of the current tenant: list, change role, remove, transfer ownership. */
@Injectable()
export class MembersService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Oldest first: the order people joined. */
  async list(principal: Principal, limit: number, cursor?: string): Promise<Page<MemberView>> {
    const after = keysetAfter(cursor);
    const rows: MemberRow[] = await inTenant(this.db, principal.tenantId, (m) =>
      m.query(
        `${MEMBER_SELECT}
          WHERE m.tenant_id = $1 AND ($2::timestamptz IS NULL OR (${CURSOR_TIME}, m.id) > ($2::timestamptz, $3::uuid))
          ORDER BY ${CURSOR_TIME}, m.id LIMIT $4`,
        [principal.tenantId, after.t, after.id, limit + 1],
      ),
    );
    const page = keysetPage(rows, limit, (r) => ({ t: r.created_at.toISOString(), id: r.id }));
    return { data: page.data.map(toMember), nextCursor: page.nextCursor };
  }

  async changeRole(principal: Principal, userId: string, role: Role, meta: RequestMeta): Promise<MemberView> {
    return inTenant(this.db, principal.tenantId, async (m) => {
      const { target, owners } = await this.lockForChange(m, principal.tenantId, userId);
      this.assertMayTouch(principal, target.role, role);
      if (target.role === 'owner' && role !== 'owner' && owners <= 1) throw lastOwner();
      if (target.role === role) return toMember(target);
      await m.query(`UPDATE memberships SET role = $2 WHERE id = $1`, [target.id, role]);
      await this.audit.record(m, {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'member.role_changed',
        target: { type: 'member', id: userId },
        before: { role: target.role },
        after: { role },
        meta,
      });
      return toMember({ ...target, role });
    });
  }

  /**
   * Removes a member and ends their sessions in this tenant. Admins and owners may remove
   * themselves (leave), except the last owner, who must transfer ownership first.
   */
  async remove(principal: Principal, userId: string, meta: RequestMeta): Promise<void> {
    await inTenant(this.db, principal.tenantId, async (m) => {
      const { target, owners } = await this.lockForChange(m, principal.tenantId, userId);
      this.assertMayTouch(principal, target.role);
      if (target.role === 'owner' && owners <= 1) throw lastOwner();
      await this.deleteMembership(m, principal, target, 'member.removed', meta);
    });
  }

  /** Any member leaves the tenant themselves, whatever their role; the last owner cannot. */
  async leave(principal: UserPrincipal, meta: RequestMeta): Promise<void> {
    await inTenant(this.db, principal.tenantId, async (m) => {
      const { target, owners } = await this.lockForChange(m, principal.tenantId, principal.userId);
      if (target.role === 'owner' && owners <= 1) throw lastOwner();
      await this.deleteMembership(m, principal, target, 'member.left', meta);
    });
  }

  private async deleteMembership(
    m: EntityManager,
    principal: Principal,
    target: MemberRow,
    action: 'member.removed' | 'member.left',
    meta: RequestMeta,
  ): Promise<void> {
    await m.query(`DELETE FROM memberships WHERE id = $1`, [target.id]);
    await m.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL`,
      [principal.tenantId, target.user_id],
    );
    await this.audit.record(m, {
      tenantId: principal.tenantId,
      actor: actorOf(principal),
      action,
      target: { type: 'member', id: target.user_id },
      before: { email: target.email, role: target.role },
      meta,
    });
  }

  /** The target becomes owner and the calling owner an admin, atomically. */
  async transferOwnership(principal: Principal, userId: string, meta: RequestMeta): Promise<MemberView> {
    if (principal.kind !== 'user')
      throw new AppError('permission.denied', 'Only an owner can transfer ownership');
    if (userId === principal.userId) {
      throw AppError.validation([
        { path: '/userId', code: 'field.invalid', message: 'you already own this tenant' },
      ]);
    }
    return inTenant(this.db, principal.tenantId, async (m) => {
      const { target, ownerIds } = await this.lockForChange(m, principal.tenantId, userId);
      // The caller's role was checked before the locks; a concurrent demotion may have ended it.
      if (!ownerIds.includes(principal.userId))
        throw new AppError('permission.denied', 'You are no longer an owner');
      await m.query(`UPDATE memberships SET role = 'owner' WHERE id = $1`, [target.id]);
      await m.query(`UPDATE memberships SET role = 'admin' WHERE tenant_id = $1 AND user_id = $2`, [
        principal.tenantId,
        principal.userId,
      ]);
      await this.audit.record(m, {
        tenantId: principal.tenantId,
        actor: actorOf(principal),
        action: 'tenant.ownership_transferred',
        target: { type: 'tenant', id: principal.tenantId },
        before: { ownerUserId: principal.userId, newOwnerRole: target.role },
        after: { ownerUserId: userId, previousOwnerRole: 'admin' },
        meta,
      });
      return toMember({ ...target, role: 'owner' });
    });
  }

  /**
   * Locks the tenant's owner memberships (always in id order, so concurrent callers queue instead
   * of deadlocking), then the target's. Every change that can lower the owner count goes through
   * here, so two concurrent demotions of two owners serialize and the second sees the first. The
   * owners are re-read after the locks: under READ COMMITTED a fresh statement sees whatever the
   * transaction we waited for committed.
   */
  private async lockForChange(m: EntityManager, tenantId: string, userId: string) {
    await m.query(
      `SELECT id FROM memberships WHERE tenant_id = $1 AND role = 'owner' ORDER BY id FOR UPDATE`,
      [tenantId],
    );
    const rows: MemberRow[] = await m.query(
      `${MEMBER_SELECT} WHERE m.tenant_id = $1 AND m.user_id = $2 FOR UPDATE OF m`,
      [tenantId, userId],
    );
    if (!rows[0]) throw AppError.notFound('Member');
    const owners: Array<{ user_id: string }> = await m.query(
      `SELECT user_id FROM memberships WHERE tenant_id = $1 AND role = 'owner'`,
      [tenantId],
    );
    return { target: rows[0], owners: owners.length, ownerIds: owners.map((o) => o.user_id) };
  }

  private assertMayTouch(principal: Principal, currentRole: Role, nextRole?: Role): void {
    if (!actsAsOwner(principal) && (currentRole === 'owner' || nextRole === 'owner')) {
      throw new AppError('permission.denied', 'Only an owner can grant, change or remove the owner role');
    }
  }
}

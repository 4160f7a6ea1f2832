import { Inject, Injectable } from '@nestjs/common';
import { AppError, type ApiKeyScope, type Principal } from '@stepline/domain';
import {
  DATA_SOURCE,
  enterTenant,
  findSessionMembership,
  hashToken,
  inScope,
  requestContext,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import { AccessTokenService } from './access-token.service.js';

export const API_KEY_PREFIX = 'sl_live_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** last_used_at is written at most this often per key, so busy keys don't turn reads into writes. */
const LAST_USED_RESOLUTION_SECONDS = 60;

/**
 * The one place a credential becomes a principal. A Bearer JWT names its user, tenant and session;
 * the membership is read on every request, so a removed member or a logged-out session loses
 * access at once, not when the token expires. An API key (`sl_live_…`) is looked up by its hash.
 */
@Injectable()
export class PrincipalResolver {
  constructor(
    private readonly tokens: AccessTokenService,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  async resolve(authorization: string | undefined): Promise<Principal | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw new AppError('auth.token_invalid', 'Authorization must be "Bearer <token>"');
    const credential = match[1];
    const principal = credential.startsWith(API_KEY_PREFIX)
      ? await this.fromApiKey(credential)
      : await this.fromAccessToken(credential);
    requestContext.assign({ tenantId: principal.tenantId });
    return principal;
  }

  private async fromAccessToken(token: string): Promise<Principal> {
    const claims = await this.tokens.verify(token);
    if (!UUID.test(claims.sub) || !UUID.test(claims.tid) || !UUID.test(claims.sid)) {
      throw new AppError('auth.token_invalid', 'Invalid access token');
    }
    // One statement under the token's tenant scope (no transaction round trips).
    const row = await findSessionMembership(this.db, claims.tid, claims.sub, claims.sid);
    if (!row || row.revoked) throw new AppError('auth.token_invalid', 'The session has ended');
    return {
      kind: 'user',
      tenantId: claims.tid,
      userId: claims.sub,
      email: row.email,
      role: row.role,
      sessionId: claims.sid,
    };
  }

  private async fromApiKey(key: string): Promise<Principal> {
    const keyHash = hashToken(key);
    return inScope(this.db, { tokenHash: keyHash }, async (m) => {
      const rows: Array<{
        id: string;
        tenant_id: string;
        name: string;
        scopes: ApiKeyScope[];
        expired: boolean;
        revoked: boolean;
        stale: boolean;
      }> = await m.query(
        `SELECT id, tenant_id, name, scopes,
                (expires_at IS NOT NULL AND expires_at <= now()) AS expired,
                revoked_at IS NOT NULL AS revoked,
                (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => $2)) AS stale
           FROM api_keys WHERE key_hash = $1`,
        [keyHash, LAST_USED_RESOLUTION_SECONDS],
      );
      const row = rows[0];
      if (!row || row.revoked) throw new AppError('auth.token_invalid', 'Invalid API key');
      if (row.expired) throw new AppError('auth.token_expired', 'API key expired');
      if (row.stale) {
        await enterTenant(m, row.tenant_id);
        await m.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.id]);
      }
      return {
        kind: 'api_key',
        tenantId: row.tenant_id,
        apiKeyId: row.id,
        name: row.name,
        scopes: row.scopes,
      };
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { actorOf, AppError, type FieldProblem, type Principal } from '@stepline/domain';
import {
  APP_CONFIG,
  assertFlowExists,
  DATA_SOURCE,
  deleteTrigger,
  findTrigger,
  findTriggerTarget,
  hashToken,
  inTenant,
  insertTrigger,
  listTenantTriggers,
  listTriggers,
  randomToken,
  REDACTED,
  SecretsCipher,
  triggerSecretBinding,
  updateTrigger,
  type AppConfig,
  type EncryptedValue,
  type NewTrigger,
  type ScheduleRules,
  type TriggerRecord,
} from '@stepline/server';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { AuditService } from '../audit/audit.service.js';
import { keysetCursor, MAX_PAGE_SIZE, type Page } from '../../common/http/pagination.js';
import {
  fireTimesFor,
  fireTimesOf,
  firstSlot,
  parseKindConfig,
  previewSchedule,
  TRIGGER_KINDS,
  type FireTimes,
} from './trigger-kinds.js';
import {
  hookUrl,
  type CreateTriggerInput,
  type SchedulePreviewInput,
  type TriggerKindName,
  type TriggerListFilter,
  type TriggerView,
  type TriggerWithToken,
  type UpdateTriggerInput,
} from './triggers.types.js';
import { parseWebhookConfig, type WebhookConfig } from './webhook-config.js';

/** `whk_` + 256 random bits (base64url); the prefix names it in lists and the audit log. */
export const WEBHOOK_TOKEN_PREFIX = 'whk_';
const TOKEN_PREFIX_LENGTH = 12;
const newToken = () => `${WEBHOOK_TOKEN_PREFIX}${randomToken(32)}`;

/** Secrets of triggers are bound to the trigger (AAD): they decrypt nowhere else. */
export { triggerSecretBinding };

export const toTriggerView = (r: TriggerRecord, fireTimes: FireTimes = fireTimesOf): TriggerView => ({
  id: r.id,
  flowId: r.flowId,
  flowName: r.flowName,
  kind: r.kind,
  enabled: r.enabled,
  version: r.versionNumber,
  config: r.config as unknown as TriggerView['config'],
  hasSecret: r.hasSecret,
  tokenPrefix: r.tokenPrefix,
  nextFireTimes: fireTimes(r),
  lastFiredAt: r.lastFiredAt ? r.lastFiredAt.toISOString() : null,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** What audit rows say of a trigger: its settings, never the token or the secret. */
const described = (r: TriggerRecord) => ({
  flowId: r.flowId,
  kind: r.kind,
  enabled: r.enabled,
  version: r.versionNumber,
  config: r.config,
  tokenPrefix: r.tokenPrefix,
});

/** The views of a list: each distinct schedule's fire times are computed once. */
const toTriggerViews = (rows: readonly TriggerRecord[]): TriggerView[] => {
  const fireTimes = fireTimesFor();
  return rows.map((r) => toTriggerView(r, fireTimes));
};

const versionProblem = (path = '/version'): FieldProblem[] => [
  { path, code: 'field.invalid', message: 'version must be a version number (≥ 1) of the flow, or null' },
];

const kindProblem = (path = '/kind'): FieldProblem[] => [
  { path, code: 'field.enum', message: `kind must be one of ${TRIGGER_KINDS.join(', ')}` },
];

const isKind = (kind: unknown): kind is TriggerKindName => TRIGGER_KINDS.includes(kind as TriggerKindName);

/**
 * Triggers of a flow (product.md §6): management for editors, read for everyone in the tenant.
 * Webhook tokens are shown once (create, rotate) and stored as sha256; auth secrets are encrypted
 * before the transaction and never shown again. Schedule triggers keep `next_fire_at`, the slot the
 * worker's scheduler fires next: set on create, recomputed when enabled or changed, null when
 * disabled. Event triggers are only stored here; `POST /v1/events` (events module) fires them.
 */
@Injectable()
export class TriggersService {
  private readonly rules: ScheduleRules;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly cipher: SecretsCipher,
    private readonly audit: AuditService,
  ) {
    this.rules = { minIntervalSeconds: config.schedules.minIntervalSeconds };
  }

  async create(
    principal: Principal,
    flowId: string,
    input: CreateTriggerInput,
    meta: RequestMeta,
  ): Promise<TriggerWithToken> {
    const kind = input.kind ?? 'webhook';
    if (!isKind(kind)) throw AppError.validation(kindProblem());
    if (kind !== 'webhook') return this.createOther(principal, flowId, kind, input, meta);
    const parsed = parseWebhookConfig(input.config);
    if (!parsed.ok) throw AppError.validation(parsed.problems);
    const { config, secret } = parsed.value;
    if (config.auth.type !== 'none' && secret === undefined) {
      throw AppError.validation([
        {
          path: '/config/auth/secret',
          code: 'field.required',
          message: `auth ${config.auth.type} needs a secret`,
        },
      ]);
    }
    const { tenantId } = principal;
    const id = randomUUID();
    const sealed =
      config.auth.type === 'none' || secret === undefined ? null : this.seal(tenantId, id, secret);
    const token = newToken();
    const created = await this.insertAudited(principal, flowId, input.version, meta, {
      id,
      kind: 'webhook',
      enabled: input.enabled ?? true,
      config: config as unknown as Record<string, unknown>,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, TOKEN_PREFIX_LENGTH),
      secret: sealed,
    });
    return { ...toTriggerView(created), token, url: hookUrl(token) };
  }

  /** Schedule and event triggers: no token, no secret. */
  private async createOther(
    principal: Principal,
    flowId: string,
    kind: 'schedule' | 'event',
    input: CreateTriggerInput,
    meta: RequestMeta,
  ): Promise<TriggerWithToken> {
    const config = parseKindConfig(kind, input.config ?? {}, this.rules);
    const enabled = input.enabled ?? true;
    const created = await this.insertAudited(principal, flowId, input.version, meta, {
      id: randomUUID(),
      kind,
      enabled,
      config: config as unknown as Record<string, unknown>,
      tokenHash: null,
      tokenPrefix: null,
      secret: null,
      nextFireAt: firstSlot(kind, config, enabled),
    });
    return { ...toTriggerView(created), token: null, url: null };
  }

  /** Inserts a trigger once its flow and pinned version check out, and audits it, in one transaction. */
  private insertAudited(
    principal: Principal,
    flowId: string,
    version: number | null | undefined,
    meta: RequestMeta,
    trigger: Omit<NewTrigger, 'tenantId' | 'flowId' | 'versionNumber' | 'createdBy'>,
  ): Promise<TriggerRecord> {
    const { tenantId } = principal;
    return inTenant(this.db, tenantId, async (m) => {
      await this.checkTarget(m, tenantId, flowId, version, true);
      const created = await insertTrigger(m, {
        ...trigger,
        tenantId,
        flowId,
        versionNumber: version ?? null,
        createdBy: principal.kind === 'user' ? principal.userId : null,
      });
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'trigger.created',
        target: { type: 'trigger', id: trigger.id },
        after: { ...described(created), ...(trigger.secret ? { secret: REDACTED } : {}) },
        meta,
      });
      return created;
    });
  }

  /** Every trigger of the flow (of one kind if given), oldest first; an unknown flow is a 404. */
  list(principal: Principal, flowId: string, kind?: string): Promise<TriggerView[]> {
    if (kind !== undefined && !isKind(kind)) throw AppError.validation(kindProblem());
    return inTenant(this.db, principal.tenantId, async (m) => {
      await assertFlowExists(m, principal.tenantId, flowId);
      const rows = await listTriggers(m, principal.tenantId, flowId);
      return toTriggerViews(rows.filter((r) => kind === undefined || r.kind === kind));
    });
  }

  /** The tenant's triggers, optionally of one flow and/or kind, oldest first, a cursor page. */
  listAll(
    principal: Principal,
    filter: TriggerListFilter,
    limit: number,
    cursor?: string,
  ): Promise<Page<TriggerView>> {
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE)) {
      throw AppError.validation([{ path: '/limit', code: 'field.range', message: `1–${MAX_PAGE_SIZE}` }]);
    }
    if (filter.kind !== undefined && !isKind(filter.kind)) throw AppError.validation(kindProblem());
    const after = keysetCursor.decodeOptional(cursor);
    return inTenant(this.db, principal.tenantId, async (m) => {
      const slice = await listTenantTriggers(m, principal.tenantId, {
        ...filter,
        limit,
        after: after ?? undefined,
      });
      return {
        data: toTriggerViews(slice.rows),
        nextCursor: slice.nextKey ? keysetCursor.encode(slice.nextKey) : null,
      };
    });
  }

  /** The next five slots of a schedule not saved yet (the form's preview); 422 when invalid. */
  previewSchedule(_principal: Principal, input: SchedulePreviewInput): string[] {
    return previewSchedule(input, this.rules);
  }

  get(principal: Principal, id: string): Promise<TriggerView> {
    return inTenant(this.db, principal.tenantId, async (m) =>
      toTriggerView(await findTrigger(m, principal.tenantId, id)),
    );
  }

  /**
   * Enable/disable, pin or unpin a version, change the config. `config` is merged over the stored
   * one; a changed auth type or HMAC style needs a new secret, auth `none` drops the stored one.
   */
  async update(
    principal: Principal,
    id: string,
    input: UpdateTriggerInput,
    meta: RequestMeta,
  ): Promise<TriggerView> {
    const { tenantId } = principal;
    return inTenant(this.db, tenantId, async (m) => {
      const current = await findTrigger(m, tenantId, id, true);
      if (current.kind !== 'webhook') return this.updateOther(m, principal, current, input, meta);
      const previous = current.config as unknown as WebhookConfig;
      let config: WebhookConfig | undefined;
      let secret: EncryptedValue | null | undefined;
      if (input.config !== undefined) {
        const parsed = parseWebhookConfig(input.config, previous);
        if (!parsed.ok) throw AppError.validation(parsed.problems);
        config = parsed.value.config;
        const auth = config.auth;
        const sameScheme =
          auth.type === previous.auth.type &&
          (auth.type !== 'hmac' || previous.auth.type !== 'hmac' || auth.style === previous.auth.style);
        if (auth.type === 'none') secret = current.hasSecret ? null : undefined;
        else if (parsed.value.secret !== undefined) secret = this.seal(tenantId, id, parsed.value.secret);
        else if (!sameScheme || !current.hasSecret) {
          throw AppError.validation([
            {
              path: '/config/auth/secret',
              code: 'field.required',
              message: `a new auth ${auth.type} scheme needs its secret`,
            },
          ]);
        }
      }
      await this.checkTarget(m, tenantId, current.flowId, input.version);
      const updated = await updateTrigger(m, tenantId, id, {
        enabled: input.enabled,
        versionNumber: input.version,
        config: config as unknown as Record<string, unknown> | undefined,
        secret,
      });
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'trigger.updated',
        target: { type: 'trigger', id },
        before: described(current),
        after: { ...described(updated), ...(secret ? { secret: REDACTED } : {}) },
        meta,
      });
      return toTriggerView(updated);
    });
  }

  /**
   * Schedule and event triggers: `config` is merged over the stored one (a schedule's new mode
   * starts over). A schedule's next slot is recomputed from now when it is enabled or its config
   * changes, and cleared when it is disabled.
   */
  private async updateOther(
    m: EntityManager,
    principal: Principal,
    current: TriggerRecord,
    input: UpdateTriggerInput,
    meta: RequestMeta,
  ): Promise<TriggerView> {
    const { tenantId } = principal;
    const kind = current.kind as 'schedule' | 'event';
    const config =
      input.config !== undefined
        ? parseKindConfig(kind, input.config, this.rules, current.config)
        : undefined;
    await this.checkTarget(m, tenantId, current.flowId, input.version);
    const enabled = input.enabled ?? current.enabled;
    const reschedule = config !== undefined || enabled !== current.enabled;
    const updated = await updateTrigger(m, tenantId, current.id, {
      enabled: input.enabled,
      versionNumber: input.version,
      config: config as unknown as Record<string, unknown> | undefined,
      nextFireAt: reschedule ? firstSlot(kind, config ?? current.config, enabled) : undefined,
    });
    await this.audit.record(m, {
      tenantId,
      actor: actorOf(principal),
      action: 'trigger.updated',
      target: { type: 'trigger', id: current.id },
      before: described(current),
      after: described(updated),
      meta,
    });
    return toTriggerView(updated);
  }

  /** Its dedup entries go with it (cascade); runs it started stay. */
  async delete(principal: Principal, id: string, meta: RequestMeta): Promise<void> {
    const { tenantId } = principal;
    await inTenant(this.db, tenantId, async (m) => {
      const deleted = await deleteTrigger(m, tenantId, id);
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'trigger.deleted',
        target: { type: 'trigger', id },
        before: described(deleted),
        meta,
      });
    });
  }

  /** A new token; the old one stops working when this commits (its hash is gone). */
  async rotate(principal: Principal, id: string, meta: RequestMeta): Promise<TriggerWithToken> {
    const { tenantId } = principal;
    const token = newToken();
    return inTenant(this.db, tenantId, async (m) => {
      const current = await findTrigger(m, tenantId, id, true);
      if (current.kind !== 'webhook') {
        throw new AppError('request.invalid', 'Only webhook triggers have a token to rotate');
      }
      const updated = await updateTrigger(m, tenantId, id, {
        tokenHash: hashToken(token),
        tokenPrefix: token.slice(0, TOKEN_PREFIX_LENGTH),
      });
      await this.audit.record(m, {
        tenantId,
        actor: actorOf(principal),
        action: 'trigger.rotated',
        target: { type: 'trigger', id },
        before: { tokenPrefix: current.tokenPrefix },
        after: { tokenPrefix: updated.tokenPrefix },
        meta,
      });
      return { ...toTriggerView(updated), token, url: hookUrl(token) };
    });
  }

  private seal(tenantId: string, triggerId: string, secret: string): EncryptedValue {
    return this.cipher.encrypt(secret, triggerSecretBinding(tenantId, triggerId));
  }

  /**
   * The flow (on create) and the pinned version, in one read: a version must be a published or
   * archived version of the flow. On update without a version there is nothing to check.
   */
  private async checkTarget(
    m: EntityManager,
    tenantId: string,
    flowId: string,
    version: number | null | undefined,
    creating = false,
  ): Promise<void> {
    const pinned = version ?? null;
    if (!creating && pinned === null) return;
    const valid = pinned === null || (Number.isInteger(pinned) && pinned >= 1);
    // An unknown flow is a 404 before a malformed version is a 422, as a flow lookup first would answer.
    const { versionStatus } =
      creating || valid
        ? await findTriggerTarget(m, tenantId, flowId, valid ? pinned : null)
        : { versionStatus: null };
    if (!valid) throw AppError.validation(versionProblem());
    if (pinned !== null && (versionStatus === null || versionStatus === 'draft')) {
      throw AppError.validation([
        { path: '/version', code: 'field.invalid', message: `the flow has no published version ${pinned}` },
      ]);
    }
  }
}

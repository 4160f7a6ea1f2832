import { Inject, Injectable } from '@nestjs/common';
import {
  AppError,
  draftShapeProblems,
  emptyDefinition,
  validateDefinition,
  type Principal,
} from '@stepline/domain';
import {
  DATA_SOURCE,
  findFlow,
  inTenant,
  insertDraft,
  insertFlow,
  listFlows,
  lockEditableFlow,
  lockFlow,
  NO_RUN_STATS,
  runStatsOfFlows,
  setFlowArchived,
  updateFlowFields,
} from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter } from '../../common/http/keyset-page.js';
import { encodeCursor, type Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { flowAuditEntry } from './flow-audit.js';
import { toFlow, toRunStats, userIdOf } from './flow-views.js';
import {
  RUN_STATS_DAYS,
  type CreatedFlowView,
  type CreateFlowInput,
  type FlowListFilter,
  type FlowListItemView,
  type FlowRunStatsView,
  type FlowView,
  type UpdateFlowInput,
} from './flows.types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const statsWindowStart = () => new Date(Date.now() - RUN_STATS_DAYS * DAY_MS);

/** Flows of the current tenant: create (with draft v1), list, read, edit metadata, archive. */
@Injectable()
export class FlowsService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates the flow and its draft v1. A given definition is stored as the draft even when it is
   * not yet valid (drafts are work in progress); its problems come back with it and publish
   * refuses it until they are fixed. Only a shape no editor could walk is refused here.
   */
  async create(principal: Principal, input: CreateFlowInput, meta: RequestMeta): Promise<CreatedFlowView> {
    const definition = input.definition ?? emptyDefinition();
    const problems = draftShapeProblems(definition);
    if (problems.length) throw AppError.validation(problems);
    return inTenant(this.db, principal.tenantId, async (m) => {
      const createdBy = userIdOf(principal);
      const flowId = await insertFlow(m, {
        tenantId: principal.tenantId,
        name: input.name.trim(),
        description: input.description ?? null,
        tags: input.tags ?? [],
        createdBy,
      });
      await insertDraft(m, {
        tenantId: principal.tenantId,
        flowId,
        number: 1,
        revision: 1,
        definition: definition as unknown as Record<string, unknown>,
        createdBy,
      });
      const flow = toFlow(await findFlow(m, principal.tenantId, flowId));
      await this.audit.record(
        m,
        flowAuditEntry(principal, flowId, {
          action: 'flow.created',
          after: { name: flow.name, tags: flow.tags, version: 1, revision: 1 },
          meta,
        }),
      );
      const draft = {
        flowId,
        version: 1,
        revision: 1,
        saved: true,
        definition: definition as Record<string, unknown>,
        problems: validateDefinition(definition).problems,
      };
      return { ...flow, draft };
    });
  }

  /**
   * Most recently changed first; active flows unless `status: archived`. Each row carries its run
   * stats, loaded for the whole page in one query in the same transaction.
   */
  async list(
    principal: Principal,
    filter: FlowListFilter,
    limit: number,
    cursor?: string,
  ): Promise<Page<FlowListItemView>> {
    const after = keysetAfter(cursor);
    const q = filter.q?.trim();
    const since = statsWindowStart();
    const { rows, nextKey, stats } = await inTenant(this.db, principal.tenantId, async (m) => {
      const page = await listFlows(m, principal.tenantId, {
        archived: filter.status === 'archived',
        q: q || null,
        tag: filter.tag ?? null,
        after: after.t && after.id ? { t: after.t, id: after.id } : null,
        limit,
      });
      const ids = page.rows.map((row) => row.id);
      return { ...page, stats: await runStatsOfFlows(m, principal.tenantId, ids, since) };
    });
    const data = rows.map((row) => ({
      ...toFlow(row),
      runStats: toRunStats(stats.get(row.id) ?? NO_RUN_STATS, since),
    }));
    return { data, nextCursor: nextKey && encodeCursor(nextKey) };
  }

  /** The run stats of one flow (a flow read alone; lists load them with the page). */
  runStatsOf(principal: Principal, flowId: string): Promise<FlowRunStatsView> {
    const since = statsWindowStart();
    return inTenant(this.db, principal.tenantId, async (m) => {
      const stats = await runStatsOfFlows(m, principal.tenantId, [flowId], since);
      return toRunStats(stats.get(flowId) ?? NO_RUN_STATS, since);
    });
  }

  get(principal: Principal, flowId: string): Promise<FlowView> {
    return inTenant(this.db, principal.tenantId, async (m) =>
      toFlow(await findFlow(m, principal.tenantId, flowId)),
    );
  }

  /** Name, description, tags. Records only the fields that changed; a no-op changes nothing. */
  async update(
    principal: Principal,
    flowId: string,
    input: UpdateFlowInput,
    meta: RequestMeta,
  ): Promise<FlowView> {
    return inTenant(this.db, principal.tenantId, async (m) => {
      await lockEditableFlow(m, principal.tenantId, flowId);
      const current = toFlow(await findFlow(m, principal.tenantId, flowId));
      const next = {
        name: input.name?.trim() ?? current.name,
        description: input.description === undefined ? current.description : input.description,
        tags: input.tags ?? current.tags,
      };
      const changed = (Object.keys(next) as Array<keyof typeof next>).filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]),
      );
      if (changed.length === 0) return current;
      await updateFlowFields(m, flowId, next);
      await this.audit.record(
        m,
        flowAuditEntry(principal, flowId, {
          action: 'flow.updated',
          before: Object.fromEntries(changed.map((key) => [key, current[key]])),
          after: Object.fromEntries(changed.map((key) => [key, next[key]])),
          meta,
        }),
      );
      return toFlow(await findFlow(m, principal.tenantId, flowId));
    });
  }

  /** Archived flows are read-only (and, later, no trigger starts them). Idempotent. */
  archive(principal: Principal, flowId: string, meta: RequestMeta): Promise<FlowView> {
    return this.setArchived(principal, flowId, true, meta);
  }

  unarchive(principal: Principal, flowId: string, meta: RequestMeta): Promise<FlowView> {
    return this.setArchived(principal, flowId, false, meta);
  }

  private setArchived(
    principal: Principal,
    flowId: string,
    archived: boolean,
    meta: RequestMeta,
  ): Promise<FlowView> {
    return inTenant(this.db, principal.tenantId, async (m: EntityManager) => {
      const flow = await lockFlow(m, principal.tenantId, flowId);
      if (flow.archived !== archived) {
        await setFlowArchived(m, flowId, archived);
        await this.audit.record(
          m,
          flowAuditEntry(principal, flowId, {
            action: archived ? 'flow.archived' : 'flow.unarchived',
            before: { archived: flow.archived },
            after: { archived },
            meta,
          }),
        );
      }
      return toFlow(await findFlow(m, principal.tenantId, flowId));
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AppError, emptyDefinition, validateDefinition, type Principal } from '@stepline/domain';
import { DATA_SOURCE, inTenant } from '@stepline/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/request-meta.js';
import { keysetAfter, keysetPage } from '../../common/http/keyset-page.js';
import type { Page } from '../../common/http/pagination.js';
import { AuditService } from '../audit/audit.service.js';
import { flowAuditEntry } from './flow-audit.js';
import { draftShapeProblems } from './draft-shape.js';
import {
  FLOW_SELECT,
  findFlow,
  lockEditableFlow,
  lockFlow,
  toFlow,
  userIdOf,
  type FlowRow,
} from './flows.repository.js';
import type {
  CreatedFlowView,
  CreateFlowInput,
  FlowListFilter,
  FlowView,
  UpdateFlowInput,
} from './flows.types.js';

const CURSOR_TIME = `date_trunc('milliseconds', f.updated_at)`;

/** `%`, `_` and `\` in a search are literal characters, not LIKE wildcards. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

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
      const created: Array<{ id: string }> = await m.query(
        `INSERT INTO flows (tenant_id, name, description, tags, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          principal.tenantId,
          input.name.trim(),
          input.description ?? null,
          input.tags ?? [],
          userIdOf(principal),
        ],
      );
      const flowId = created[0].id;
      await m.query(
        `INSERT INTO flow_versions (tenant_id, flow_id, number, status, definition, revision, created_by)
         VALUES ($1, $2, 1, 'draft', $3, 1, $4)`,
        [principal.tenantId, flowId, JSON.stringify(definition), userIdOf(principal)],
      );
      const flow = await findFlow(m, principal.tenantId, flowId);
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

  /** Most recently changed first; active flows unless `status: archived`. */
  async list(
    principal: Principal,
    filter: FlowListFilter,
    limit: number,
    cursor?: string,
  ): Promise<Page<FlowView>> {
    const after = keysetAfter(cursor);
    const q = filter.q?.trim();
    const rows: FlowRow[] = await inTenant(this.db, principal.tenantId, (m) =>
      m.query(
        `${FLOW_SELECT}
          WHERE f.tenant_id = $1
            AND (f.archived_at IS NOT NULL) = $2
            AND ($3::text IS NULL OR f.name ILIKE '%' || $3 || '%')
            AND ($4::text IS NULL OR f.tags @> ARRAY[$4::text])
            AND ($5::timestamptz IS NULL OR (${CURSOR_TIME}, f.id) < ($5::timestamptz, $6::uuid))
          ORDER BY ${CURSOR_TIME} DESC, f.id DESC LIMIT $7`,
        [
          principal.tenantId,
          filter.status === 'archived',
          q ? escapeLike(q) : null,
          filter.tag ?? null,
          after.t,
          after.id,
          limit + 1,
        ],
      ),
    );
    const page = keysetPage(rows, limit, (r) => ({ t: r.updated_at.toISOString(), id: r.id }));
    return { data: page.data.map(toFlow), nextCursor: page.nextCursor };
  }

  get(principal: Principal, flowId: string): Promise<FlowView> {
    return inTenant(this.db, principal.tenantId, (m) => findFlow(m, principal.tenantId, flowId));
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
      const current = await findFlow(m, principal.tenantId, flowId);
      const next = {
        name: input.name?.trim() ?? current.name,
        description: input.description === undefined ? current.description : input.description,
        tags: input.tags ?? current.tags,
      };
      const changed = (Object.keys(next) as Array<keyof typeof next>).filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]),
      );
      if (changed.length === 0) return current;
      await m.query(
        `UPDATE flows SET name = $2, description = $3, tags = $4, updated_at = now() WHERE id = $1`,
        [flowId, next.name, next.description, next.tags],
      );
      await this.audit.record(
        m,
        flowAuditEntry(principal, flowId, {
          action: 'flow.updated',
          before: Object.fromEntries(changed.map((key) => [key, current[key]])),
          after: Object.fromEntries(changed.map((key) => [key, next[key]])),
          meta,
        }),
      );
      return findFlow(m, principal.tenantId, flowId);
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
        await m.query(
          `UPDATE flows SET archived_at = ${archived ? 'now()' : 'NULL'}, updated_at = now() WHERE id = $1`,
          [flowId],
        );
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
      return findFlow(m, principal.tenantId, flowId);
    });
  }
}

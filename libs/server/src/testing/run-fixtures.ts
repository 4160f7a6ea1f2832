import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../persistence/data-source.factory.js';
import { ENTITIES, TenantEntity, type TenantSettings } from '../persistence/entities/index.js';
import { insertDraft, publishDraft } from '../persistence/repositories/flow-versions.repository.js';
import { insertFlow } from '../persistence/repositories/flows.repository.js';
import { insertRun, type NewRun, type RunRecord } from '../persistence/repositories/runs.repository.js';
import { inTenant } from '../persistence/tenant-transaction.js';

/**
 * Fixtures for the repository tests: tenants, a flow with a published version, runs — all written
 * as the application role through the repositories themselves (RLS applies).
 */
export async function appDataSource(url: string): Promise<DataSource> {
  return createDataSource({ url, entities: ENTITIES, poolSize: 4 }).initialize();
}

export async function createTenant(app: DataSource, settings: TenantSettings = {}): Promise<string> {
  const id = randomUUID();
  await inTenant(app, id, (m) =>
    m.insert(TenantEntity, { id, slug: `t-${id.slice(0, 8)}`, name: 'Tenant', settings }),
  );
  return id;
}

export interface PublishedFlow {
  tenantId: string;
  flowId: string;
  versionId: string;
  versionNumber: number;
}

export const TINY_DEFINITION = { schemaVersion: 1, steps: [], edges: [] } as Record<string, unknown>;

/** A flow whose v1 is published (no draft left). */
export async function createPublishedFlow(app: DataSource, tenantId: string): Promise<PublishedFlow> {
  return inTenant(app, tenantId, async (m) => {
    const flowId = await insertFlow(m, { tenantId, name: 'f', description: null, tags: [], createdBy: null });
    const draftId = await insertDraft(m, {
      tenantId,
      flowId,
      number: 1,
      revision: 1,
      definition: TINY_DEFINITION,
      createdBy: null,
    });
    await publishDraft(m, draftId, null);
    return { tenantId, flowId, versionId: draftId, versionNumber: 1 };
  });
}

/** A queued run of the flow's published version (overrides win). */
export async function createRun(
  app: DataSource,
  flow: PublishedFlow,
  overrides: Partial<NewRun> = {},
): Promise<RunRecord> {
  return inTenant(app, flow.tenantId, async (m) => {
    const run = await insertRun(m, {
      tenantId: flow.tenantId,
      flowId: flow.flowId,
      versionId: flow.versionId,
      versionNumber: flow.versionNumber,
      trigger: 'api',
      input: {},
      ...overrides,
    });
    if (!run) throw new Error('createRun: the idempotency key is taken');
    return run;
  });
}

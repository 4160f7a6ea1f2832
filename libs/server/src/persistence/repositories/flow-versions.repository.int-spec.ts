import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../testing/index.js';
import {
  appDataSource,
  createPublishedFlow,
  createTenant,
  TINY_DEFINITION,
} from '../../testing/run-fixtures.js';
import { inTenant } from '../tenant-transaction.js';
import {
  archivePublished,
  findVersionById,
  findRunTarget,
  insertDraft,
  publishDraft,
} from './flow-versions.repository.js';
import { insertFlow } from './flows.repository.js';

/** What a run executes, read as the worker and the runs API read it (the rest is covered by the flows API tests). */
describe('flow versions repository: the version a run executes', () => {
  let db: TestDatabase;
  let app: DataSource;
  let tenant: string;
  let other: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await appDataSource(db.appUrl);
    tenant = await createTenant(app);
    other = await createTenant(app);
  });
  afterAll(async () => {
    await app?.destroy();
    await db?.drop();
  });

  it('finds the published version, a version by number, and the saved draft', async () => {
    const flow = await createPublishedFlow(app, tenant);
    const draft = { ...TINY_DEFINITION, name: 'draft' };
    await inTenant(app, tenant, (m) =>
      insertDraft(m, {
        tenantId: tenant,
        flowId: flow.flowId,
        number: 2,
        revision: 2,
        definition: draft,
        createdBy: null,
      }),
    );
    const [published, byNumber, saved] = await inTenant(app, tenant, (m) =>
      Promise.all([
        findRunTarget(m, tenant, flow.flowId, 'published'),
        findRunTarget(m, tenant, flow.flowId, 1),
        findRunTarget(m, tenant, flow.flowId, 'draft'),
      ]),
    );
    expect(published).toEqual({
      archived: false,
      version: { versionId: flow.versionId, number: 1, status: 'published', definition: TINY_DEFINITION },
    });
    expect(byNumber).toEqual(published);
    expect(saved?.version).toMatchObject({ number: 2, status: 'draft', definition: draft });
  });

  it('answers the published version for the draft when no draft is saved', async () => {
    const flow = await createPublishedFlow(app, tenant);
    const found = await inTenant(app, tenant, (m) => findRunTarget(m, tenant, flow.flowId, 'draft'));
    expect(found?.version).toMatchObject({ versionId: flow.versionId, status: 'published' });
  });

  it('answers no version for a missing number or no published version, and no flow for another tenant', async () => {
    const flow = await createPublishedFlow(app, tenant);
    await inTenant(app, tenant, (m) => archivePublished(m, flow.flowId));
    const find = (tenantId: string, ref: number | 'published') =>
      inTenant(app, tenantId, (m) => findRunTarget(m, tenantId, flow.flowId, ref));
    expect(await find(tenant, 'published')).toEqual({ archived: false, version: null });
    expect(await find(tenant, 7)).toEqual({ archived: false, version: null });
    expect((await find(tenant, 1))?.version).toMatchObject({ status: 'archived' });
    // Another tenant's flow, asked by its id in the caller's own tenant and in the flow's (RLS).
    expect(await find(other, 1)).toBeNull();
    expect(await inTenant(app, other, (m) => findRunTarget(m, tenant, flow.flowId, 1))).toBeNull();
  });

  it('answers an archived flow as archived', async () => {
    const flow = await createPublishedFlow(app, tenant);
    await inTenant(app, tenant, (m) =>
      m.query(`UPDATE flows SET archived_at = now() WHERE id = $1`, [flow.flowId]),
    );
    expect(
      await inTenant(app, tenant, (m) => findRunTarget(m, tenant, flow.flowId, 'published')),
    ).toMatchObject({
      archived: true,
      version: { versionId: flow.versionId },
    });
  });

  it('loads a version by id only in its own tenant', async () => {
    const flow = await createPublishedFlow(app, tenant);
    expect(await inTenant(app, tenant, (m) => findVersionById(m, flow.versionId))).toMatchObject({
      number: 1,
      definition: TINY_DEFINITION,
    });
    expect(await inTenant(app, other, (m) => findVersionById(m, flow.versionId))).toBeNull();
  });

  it('publishes a draft once: a second publish of the same row finds no draft', async () => {
    const id = await inTenant(app, tenant, async (m) => {
      const flowId = await insertFlow(m, {
        tenantId: tenant,
        name: 'p',
        description: null,
        tags: ['x'],
        createdBy: null,
      });
      return insertDraft(m, {
        tenantId: tenant,
        flowId,
        number: 1,
        revision: 1,
        definition: TINY_DEFINITION,
        createdBy: null,
      });
    });
    expect(await inTenant(app, tenant, (m) => publishDraft(m, id, 'first'))).toMatchObject({
      status: 'published',
      changeNote: 'first',
    });
    expect(await inTenant(app, tenant, (m) => publishDraft(m, id, 'again'))).toBeUndefined();
  });
});

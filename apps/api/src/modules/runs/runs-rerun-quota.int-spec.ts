import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../testing/http-client.js';
import { expectProblem } from '../../testing/problem-assertions.js';
import { tenantQuery } from '../../testing/tenant-db.js';
import { createTestTenant, type TestTenant } from '../../testing/tenant.factory.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { runnableFlow, startRun } from './testing/run.fixtures.js';

/**
 * Retry and resume start new runs, so each takes one start of the tenant's per-minute budget — but
 * only once it passed its checks, like every other start: a refused one costs none (no worker).
 */
describe('retry and resume against the run-start budget (no worker)', () => {
  let api: TestApi;
  let http: HttpClient;

  beforeAll(async () => {
    api = await startTestApi();
    http = new HttpClient(api.baseUrl);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** A tenant that may start `perMinute` runs a minute (GCRA: all of them at once, then none). */
  const tenantWithBudget = async (perMinute: number): Promise<TestTenant> => {
    const t = await createTestTenant(http, api.db.ownerUrl);
    const res = await http.patch(
      '/v1/tenant',
      { settings: { runStartsPerMinute: perMinute } },
      { token: t.owner.accessToken },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return t;
  };
  const finish = (
    t: TestTenant,
    runId: string,
    status: 'succeeded' | 'failed',
    error: object | null = null,
  ) =>
    tenantQuery(
      api.db.ownerUrl,
      t.id,
      `UPDATE runs SET status = $2, finished_at = now(), error = $3 WHERE id = $1`,
      [runId, status, error === null ? null : JSON.stringify(error)],
    );

  it('takes no run start for a retry or resume it refuses, and one for each it accepts', async () => {
    const t = await tenantWithBudget(3);
    const token = t.owner.accessToken;
    const flowId = await runnableFlow(http, token);
    const started = await startRun(http, token, flowId);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const runId: string = started.body.id;

    // More refusals than the budget holds: each one taking a start would leave none for the retries.
    for (let i = 0; i < 2; i++) {
      // Still queued (nothing runs it): neither retried nor resumed yet.
      expectProblem(await http.post(`/v1/runs/${runId}/retry`, {}, { token }), 409, 'run.not_retryable');
      expectProblem(await http.post(`/v1/runs/${runId}/resume`, {}, { token }), 409, 'run.not_resumable');
      expectProblem(
        await http.post(`/v1/runs/${runId}/resume`, { fromStep: 'shout' }, { token }),
        409,
        'run.not_resumable',
      );
      expectProblem(
        await http.post(`/v1/runs/${randomUUID()}/retry`, {}, { token }),
        404,
        'resource.not_found',
      );
    }
    await finish(t, runId, 'succeeded');
    for (let i = 0; i < 2; i++) {
      // Succeeded: only a failed run resumes from its failed step; the flow has no step "nope".
      expectProblem(await http.post(`/v1/runs/${runId}/resume`, {}, { token }), 409, 'run.not_resumable');
      expectProblem(
        await http.post(`/v1/runs/${runId}/resume`, { fromStep: 'nope' }, { token }),
        422,
        'validation.failed',
      );
    }

    // The start and these two are the budget's three.
    const retried = await http.post(`/v1/runs/${runId}/retry`, {}, { token });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    const resumed = await http.post(`/v1/runs/${runId}/resume`, { fromStep: 'shout' }, { token });
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(201);
    expectProblem(
      await http.post(`/v1/runs/${runId}/retry`, {}, { token }),
      429,
      'quota.run_starts_exceeded',
    );
  });

  it('refuses a retry past the budget with 429 and inserts no run', async () => {
    const t = await tenantWithBudget(1);
    const token = t.owner.accessToken;
    const flowId = await runnableFlow(http, token);
    const started = await startRun(http, token, flowId);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await finish(t, started.body.id, 'failed', { code: 'step.failed', message: 'boom', stepId: 'shout' });

    expectProblem(
      await http.post(`/v1/runs/${started.body.id}/resume`, {}, { token }),
      429,
      'quota.run_starts_exceeded',
    );
    const rows = await tenantQuery<{ n: number }>(
      api.db.ownerUrl,
      t.id,
      `SELECT count(*)::int AS n FROM runs WHERE flow_id = $1`,
      [flowId],
    );
    expect(rows[0].n).toBe(1);
  });
});

import { waitFor } from '@stepline/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnableFlow } from '../../apps/api/src/modules/runs/testing/run.fixtures.js';
import type { TestTenant } from '../../apps/api/src/testing/tenant.factory.js';
import { ScheduleFirer } from '../../apps/worker/src/schedules/schedule-firer.js';
import { startTestSystem, type TestSystem } from './support/system.js';

const echoDefinition = () => ({
  schemaVersion: 1,
  steps: [{ id: 'echo', type: 'transform', config: { expression: 'input' } }],
  edges: [],
  output: '{{ steps.echo.output }}',
});

interface RunSummary {
  id: string;
  status: string;
  trigger: string;
}

describe('schedule triggers end to end', () => {
  let system: TestSystem;
  let acme: TestTenant;

  beforeAll(async () => {
    system = await startTestSystem({
      env: { SCHEDULE_MIN_INTERVAL_SECONDS: '1', SCHEDULER_POLL_INTERVAL_MS: '100' },
    });
    acme = await system.tenant();
  });
  afterAll(async () => {
    await system?.close();
  });

  it('a schedule created over REST starts runs with its slot as input; disabled, it starts none', async () => {
    const token = acme.users.editor.accessToken;
    const flowId = await runnableFlow(system.http, acme.owner.accessToken, echoDefinition());
    const created = await system.http.post(
      `/v1/flows/${flowId}/triggers`,
      { kind: 'schedule', config: { mode: 'interval', intervalSeconds: 1 } },
      { token },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const triggerId = created.body.id as string;
    const scheduled = async () => {
      const res = await system.http.get(`/v1/runs?flowId=${flowId}&trigger=schedule&limit=100`, { token });
      return res.body.data as RunSummary[];
    };
    await waitFor(async () => (await scheduled()).length >= 2, {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'two scheduled runs',
    });
    const [latest] = await scheduled();
    const run = await system.http.get(`/v1/runs/${latest!.id}`, { token });
    expect(run.body).toMatchObject({ trigger: 'schedule', input: { triggerId } });
    expect(Date.parse(run.body.input.scheduledFor) % 1000).toBe(0);
    let finished: { status: string; output: unknown } | undefined;
    await waitFor(
      async () => {
        finished = (await system.http.get(`/v1/runs/${latest!.id}`, { token })).body;
        return finished!.status === 'succeeded';
      },
      { timeoutMs: 15_000, what: 'the scheduled run to succeed' },
    );
    expect(finished!.output).toMatchObject({ triggerId });
    const read = await system.http.get(`/v1/triggers/${triggerId}`, { token });
    expect(read.body.lastFiredAt).not.toBeNull();

    const off = await system.http.patch(`/v1/triggers/${triggerId}`, { enabled: false }, { token });
    expect(off.body).toMatchObject({ enabled: false, nextFireTimes: [] });
    // Once the update committed, nothing is due for this trigger any more, on any worker.
    const count = (await scheduled()).length;
    const fired = await Promise.all(system.workers.map((w) => w.get(ScheduleFirer).tick()));
    expect(fired.flat().filter((f) => f.triggerId === triggerId)).toEqual([]);
    expect(await scheduled()).toHaveLength(count);
    const slots = new Set(
      await Promise.all(
        (await scheduled()).map(
          async (r) => (await system.http.get(`/v1/runs/${r.id}`, { token })).body.input.scheduledFor,
        ),
      ),
    );
    expect(slots.size).toBe(count);
  });
});

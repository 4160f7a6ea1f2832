import { QueueName } from '@stepline/server';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import type { HttpClient } from '../../../testing/http-client.js';
import { tenantQuery } from '../../../testing/tenant-db.js';
import { createFlow } from '../../flows/testing/flow.fixtures.js';

/** Fixtures of the runs tests: a runnable definition, a published flow, the runs queue, audit rows. */

/** greet (transform) → shout (transform); input `{ name: string, age?: integer ≥ 0 }`. */
export const greetingDefinition = (greeting = 'Hello') => ({
  schemaVersion: 1,
  inputSchema: {
    type: 'object',
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 } },
  },
  steps: [
    { id: 'greet', type: 'transform', config: { expression: `"${greeting} " & input.name` } },
    { id: 'shout', type: 'transform', config: { expression: '$uppercase(steps.greet.output)' } },
  ],
  edges: [{ from: 'greet', to: 'shout' }],
  output: '{{ steps.shout.output }}',
});

/** A flow with `definition` saved as its draft v1 and, unless `publish` is false, published. */
export async function runnableFlow(
  http: HttpClient,
  token: string,
  definition: Record<string, unknown> = greetingDefinition(),
  publish = true,
): Promise<string> {
  const flow = await createFlow(http, token, { definition });
  if (publish) {
    const res = await http.post(`/v1/flows/${flow.id}/publish`, {}, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return flow.id;
}

export const startRun = (
  http: HttpClient,
  token: string,
  flowId: string,
  body: Record<string, unknown> = { input: { name: 'Ada' } },
  headers: Record<string, string> = {},
) => http.post(`/v1/flows/${flowId}/runs`, body, { token, headers });

/** The API's runs queue, read as the worker would (same Redis and prefix); `close` it. */
export function runsQueue(redisUrl: string, prefix: string): { queue: Queue; close(): Promise<void> } {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(QueueName.Runs, { connection, prefix });
  return {
    queue,
    async close() {
      await queue.close();
      await connection.quit();
    },
  };
}

export interface RunAuditRow {
  action: string;
  actor_type: string;
  target_id: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
}

export const runAudit = (ownerUrl: string, tenantId: string, runId: string) =>
  tenantQuery<RunAuditRow>(
    ownerUrl,
    tenantId,
    `SELECT action, actor_type, target_id, before, after FROM audit_log
      WHERE tenant_id = $1 AND target_type = 'run' AND target_id = $2 ORDER BY created_at, id`,
    [tenantId, runId],
  );

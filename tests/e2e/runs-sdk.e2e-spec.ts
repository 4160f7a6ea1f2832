import { createStepline, SteplineError, type RunEvent, type Stepline } from '@stepline/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl } from './support.js';

/** greet → shout, input `{ name }`: finishes in milliseconds, needs no network. */
const definition = {
  schemaVersion: 1,
  inputSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
  steps: [
    { id: 'greet', type: 'transform', config: { expression: '"Hello " & input.name' } },
    { id: 'shout', type: 'transform', config: { expression: '$uppercase(steps.greet.output)' } },
  ],
  edges: [{ from: 'greet', to: 'shout' }],
  output: '{{ steps.shout.output }}',
};

describe('the SDK runs API against the running app (API + worker)', () => {
  let sdk: Stepline;
  let flowId: string;

  beforeAll(async () => {
    const anonymous = createStepline({ baseUrl: baseUrl() });
    const session = await anonymous.call(
      anonymous.raw.POST('/v1/auth/signup', {
        body: {
          email: `runs.sdk.${Date.now()}@example.com`,
          password: 'a-long-password',
          name: 'Runs SDK',
          tenantName: 'Runs SDK Co',
        },
      }),
    );
    const owner = createStepline({ baseUrl: baseUrl(), token: session.accessToken });
    const key = await owner.call(
      owner.raw.POST('/v1/api-keys', { body: { name: 'sdk', scopes: ['flows:write', 'runs:write'] } }),
    );
    sdk = createStepline({ baseUrl: baseUrl(), token: key.key });
    const flow = await sdk.call(sdk.raw.POST('/v1/flows', { body: { name: 'SDK greeting', definition } }));
    flowId = flow.id;
    await sdk.call(sdk.raw.POST('/v1/flows/{id}/publish', { params: { path: { id: flowId } }, body: {} }));
  });

  it('starts a run and gets the finished run back within wait', async () => {
    const run = await sdk.runs.start(flowId, { input: { name: 'Ada' }, wait: 20 });
    expect(run).toMatchObject({ status: 'succeeded', output: 'HELLO ADA', trigger: 'api' });
  });

  it('answers the same run for a repeated idempotency key, and refuses it for another input', async () => {
    const key = `e2e-${Date.now()}`;
    const first = await sdk.runs.start(flowId, { input: { name: 'Key' }, idempotencyKey: key });
    const again = await sdk.runs.start(flowId, { input: { name: 'Key' }, idempotencyKey: key });
    expect(again.id).toBe(first.id);
    const error = await sdk.runs
      .start(flowId, { input: { name: 'Other' }, idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteplineError);
    expect(error).toMatchObject({ status: 422, code: 'idempotency.key_reused' });
  });

  it('throws typed errors with field paths for a bad input', async () => {
    const error = await sdk.runs.start(flowId, { input: { name: 42 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, code: 'validation.failed' });
    expect((error as SteplineError).problems.map((p) => p.path)).toEqual(['/input/name']);
  });

  it('waits for a run and streams its events, resuming after a given event id', async () => {
    const started = await sdk.runs.start(flowId, { input: { name: 'Stream' } });
    const events: RunEvent[] = [];
    for await (const event of sdk.runs.stream(started.id)) events.push(event);
    const settled = events.filter((e) => e.type === 'step.settled');
    expect(settled.map((e) => e.stepId)).toEqual(['greet', 'shout']);
    expect(events.at(-1)).toMatchObject({ type: 'run.status', status: 'succeeded' });

    const later: RunEvent[] = [];
    for await (const event of sdk.runs.stream(started.id, { lastEventId: String(settled[0].seq) }))
      later.push(event);
    expect(later.filter((e) => e.type === 'step.settled').map((e) => e.stepId)).toEqual(['shout']);

    const done = await sdk.runs.waitFor(started.id, { timeoutMs: 20_000 });
    expect(done.output).toBe('HELLO STREAM');
    expect(done.steps).toHaveLength(2);
  });

  it('lists runs across pages with filters, retries one, and refuses to cancel a finished one', async () => {
    const seen: string[] = [];
    for await (const run of sdk.runs.list({ flowId, status: ['succeeded'], limit: 1 })) seen.push(run.id);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);

    const retried = await sdk.runs.retry(seen[0]);
    expect(retried).toMatchObject({ trigger: 'retry', retryOfRunId: seen[0] });
    expect((await sdk.runs.waitFor(retried.id, { timeoutMs: 20_000 })).status).toBe('succeeded');

    const error = await sdk.runs.cancel(seen[0]).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'run.not_cancellable' });
    const notFound = await sdk.runs.get('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(notFound).toMatchObject({ status: 404, code: 'resource.not_found' });
  });
});

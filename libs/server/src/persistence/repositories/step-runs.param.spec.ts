import { describe, expect, it } from 'vitest';
import { checkpointsParam, type NewStepRun } from './step-runs.repository.js';

const row = (over: Partial<NewStepRun> = {}): NewStepRun => ({
  tenantId: 't',
  runId: 'r',
  stepId: 's',
  attempt: 1,
  status: 'succeeded',
  output: { greeting: 'hé', list: [1, 2] },
  logs: [{ level: 'info', message: 'ok', at: '2026-11-30T00:00:00.000Z' }],
  startedAt: new Date('2026-11-30T00:00:00.000Z'),
  finishedAt: '2026-11-30T00:00:01.000Z',
  durationMs: 1000,
  ...over,
});

describe('checkpointsParam', () => {
  it('splices an already serialised output in, giving the same rows as serialising the output', () => {
    const output = { greeting: 'hé "quoted"', list: [1, 2], nested: { ok: true } };
    const plain = JSON.parse(checkpointsParam([row({ output }), row({ stepId: 'b', output: 7 })]));
    const spliced = JSON.parse(
      checkpointsParam([
        row({ output, outputJson: JSON.stringify(output) }),
        row({ stepId: 'b', output: 7, outputJson: '7' }),
      ]),
    );
    expect(spliced).toEqual(plain);
    expect(spliced[0].output).toEqual(output);
  });

  it('sends the serialised output rather than the value when both are given (the capped marker)', () => {
    const [sent] = JSON.parse(
      checkpointsParam([row({ output: 'ignored', outputJson: '{"$truncated":true}' })]),
    );
    expect(sent.output).toEqual({ $truncated: true });
  });

  it('answers an empty array for no rows, and null outputs as null', () => {
    expect(checkpointsParam([])).toBe('[]');
    expect(JSON.parse(checkpointsParam([row({ output: undefined })]))[0].output).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { settledRow, skippedRow, waitingRow } from './checkpoint-row.js';

const target = {
  run: { tenantId: 't', id: 'r' },
  stepId: 's',
  path: 'loop[2]',
  attempt: 3,
  secretValues: ['hunter2'],
};
const startedAt = new Date('2026-01-01T00:00:00Z');
const log = [{ level: 'info' as const, message: 'token hunter2', time: '2026-01-01T00:00:00Z' }];

describe('checkpoint rows', () => {
  it('a succeeded attempt: masked, output serialised once as outputJson, port kept', () => {
    const row = settledRow({
      ...target,
      startedAt,
      finishedAt: new Date('2026-01-01T00:00:01Z'),
      outcome: {
        kind: 'succeeded',
        result: { output: { v: 'hunter2' }, port: 'yes' },
        input: { k: 'hunter2' },
        logs: log,
      },
      onError: undefined,
      outputCap: 1_000,
    });
    expect(row).toMatchObject({
      path: 'loop[2]',
      attempt: 3,
      status: 'succeeded',
      port: 'yes',
      input: { k: '***' },
      output: { v: '***' },
      outputJson: '{"v":"***"}',
      outputTruncated: false,
      durationMs: 1_000,
    });
    expect(row.logs[0]?.message).toBe('token ***');
  });

  it('a failed attempt: its error as output, port error under onError branch, capped past the cap', () => {
    const outcome = {
      kind: 'failed' as const,
      error: { code: 'step.failed' as const, message: 'x'.repeat(200) },
      retryable: false,
      input: null,
      logs: [],
    };
    const row = settledRow({ ...target, startedAt, outcome, onError: 'branch', outputCap: 50 });
    expect(row).toMatchObject({ status: 'failed', port: 'error', outputTruncated: true });
    expect(JSON.parse(row.outputJson!)).toMatchObject({ $truncated: true });
    expect(
      settledRow({ ...target, startedAt, outcome, onError: undefined, outputCap: 1_000, aborted: true })
        .status,
    ).toBe('cancelled');
  });

  it('skipped and waiting rows', () => {
    expect(skippedRow({ run: target.run, stepId: 's', path: 'loop[0]', disabled: true })).toMatchObject({
      attempt: 1,
      status: 'skipped',
      outputJson: 'null',
      logs: [{ message: 'step is disabled: passed through' }],
    });
    expect(waitingRow({ ...target, startedAt, input: { k: 'hunter2' }, logs: log })).toMatchObject({
      status: 'waiting',
      attempt: 3,
      input: { k: '***' },
      output: null,
      logs: [{ message: 'token ***' }],
    });
  });
});

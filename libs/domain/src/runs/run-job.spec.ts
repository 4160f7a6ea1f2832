import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRunJobData, RUN_JOB_VERSION } from './run-job.js';

const tenantId = '0b6c7c4e-2f7e-4a53-9d0e-3c1f5a6b7c8d';
const runId = 'f47ac10b-58cc-4372-a567-0e02b2c3d479';

describe('isRunJobData', () => {
  it('accepts exactly { tenantId, runId, v: 1 } with lowercase uuids', () => {
    expect(RUN_JOB_VERSION).toBe(1);
    expect(isRunJobData({ tenantId, runId, v: 1 })).toBe(true);
    expect(isRunJobData(JSON.parse(JSON.stringify({ v: 1, runId, tenantId })))).toBe(true);
  });

  it('accepts any uuid BullMQ could hand back from a well-formed payload', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (t, r) => {
        expect(isRunJobData({ tenantId: t, runId: r, v: 1 })).toBe(true);
      }),
    );
  });

  it('refuses another version, missing or extra keys, and ids that are not uuids', () => {
    const refused = [
      { tenantId, runId, v: 2 },
      { tenantId, runId, v: '1' },
      { tenantId, runId },
      { tenantId, v: 1 },
      { tenantId, runId, v: 1, step: 'x' },
      { tenantId, runId, v: 1, secret: undefined },
      { tenantId: tenantId.toUpperCase(), runId, v: 1 },
      { tenantId, runId: `${runId} `, v: 1 },
      { tenantId, runId: 'not-a-uuid', v: 1 },
      { tenantId: 42, runId, v: 1 },
      { tenantId, runId: runId.replace(/-/g, ''), v: 1 },
    ];
    for (const value of refused) expect(isRunJobData(value)).toBe(false);
  });

  it('refuses anything that is not a plain object', () => {
    class Job {
      tenantId = tenantId;
      runId = runId;
      v = 1;
    }
    for (const value of [null, undefined, 1, 'x', [], [tenantId, runId, 1], new Job(), new Map()]) {
      expect(isRunJobData(value)).toBe(false);
    }
    expect(isRunJobData(Object.assign(Object.create(null), { tenantId, runId, v: 1 }))).toBe(true);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(typeof isRunJobData(value)).toBe('boolean');
      }),
    );
  });
});

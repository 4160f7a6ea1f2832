import { describe, expect, it } from 'vitest';
import { jsonBytes, QUOTA_DEFAULTS, resolveQuotas } from './quotas.js';

describe('resolveQuotas', () => {
  it('uses the defaults for a tenant that set nothing', () => {
    expect(resolveQuotas({})).toEqual(QUOTA_DEFAULTS);
    expect(resolveQuotas(null)).toEqual(QUOTA_DEFAULTS);
  });

  it('takes each valid setting of the tenant over the default', () => {
    const quotas = resolveQuotas({ maxConcurrentRuns: 3, runStartsPerMinute: 10, retentionDays: 7 });
    expect(quotas.maxConcurrentRuns).toBe(3);
    expect(quotas.runStartsPerMinute).toBe(10);
    expect(quotas.maxStepsPerRun).toBe(QUOTA_DEFAULTS.maxStepsPerRun);
  });

  it('falls back to the default for a stored value out of bounds or of the wrong type', () => {
    const quotas = resolveQuotas({ maxConcurrentRuns: 0, runStartsPerMinute: '5', maxPayloadBytes: 1.5 });
    expect(quotas.maxConcurrentRuns).toBe(QUOTA_DEFAULTS.maxConcurrentRuns);
    expect(quotas.runStartsPerMinute).toBe(QUOTA_DEFAULTS.runStartsPerMinute);
    expect(quotas.maxPayloadBytes).toBe(QUOTA_DEFAULTS.maxPayloadBytes);
  });

  it('starts from the configured defaults when given', () => {
    expect(resolveQuotas({}, { ...QUOTA_DEFAULTS, maxConcurrentRuns: 7 }).maxConcurrentRuns).toBe(7);
  });
});

describe('jsonBytes', () => {
  it('counts the UTF-8 bytes of the JSON text', () => {
    expect(jsonBytes({ a: 1 })).toBe(7);
    expect(jsonBytes('é')).toBe(4);
    expect(jsonBytes('😀')).toBe(6);
    expect(jsonBytes(undefined)).toBe(0);
  });
});

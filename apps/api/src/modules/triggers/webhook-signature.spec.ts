import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signGithub, signStandard, verifyGithub, verifyHeader, verifyStandard } from './webhook-signature.js';

const secret = `whsec_${Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').toString('base64')}`;
const NOW = 1_700_000_000_000;
const ts = String(NOW / 1000);

describe('Standard Webhooks verification', () => {
  it('matches the reference construction: HMAC-SHA256 keyed by the base64 secret over id.timestamp.body', () => {
    const body = Buffer.from('{"type":"ping"}');
    const key = Buffer.from(secret.slice(6), 'base64');
    const reference = createHmac('sha256', key).update(`msg_1.${ts}.${body.toString()}`).digest('base64');
    expect(signStandard(secret, 'msg_1', ts, body)).toBe(`v1,${reference}`);
  });

  it('accepts any matching v1 signature in the space-separated list', () => {
    const body = Buffer.from('x');
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': ts,
      'webhook-signature': `v2,abc v1,AAAA ${signStandard(secret, 'msg_1', ts, body)}`,
    };
    expect(verifyStandard(secret, headers, body, 300, NOW)).toEqual({ ok: true });
  });

  it('refuses a missing header, a timestamp outside the window and any changed byte', () => {
    const body = Buffer.from('hello');
    const sig = signStandard(secret, 'msg_1', ts, body);
    const h = { 'webhook-id': 'msg_1', 'webhook-timestamp': ts, 'webhook-signature': sig };
    expect(verifyStandard(secret, { ...h, 'webhook-id': undefined }, body, 300, NOW)).toMatchObject({
      reason: 'missing',
    });
    expect(verifyStandard(secret, h, body, 300, NOW + 301_000)).toMatchObject({ reason: 'replay' });
    expect(verifyStandard(secret, h, body, 300, NOW - 301_000)).toMatchObject({ reason: 'replay' });
    expect(verifyStandard(secret, h, Buffer.from('hellO'), 300, NOW)).toMatchObject({ reason: 'mismatch' });
    expect(verifyStandard(secret, { ...h, 'webhook-id': 'msg_2' }, body, 300, NOW)).toMatchObject({
      reason: 'mismatch',
    });
  });

  it('never accepts a signature made with another secret (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        (bytes, id) => {
          const body = Buffer.from(bytes);
          const other = `whsec_${randomBytes(24).toString('base64')}`;
          const h = {
            'webhook-id': id,
            'webhook-timestamp': ts,
            'webhook-signature': signStandard(other, id, ts, body),
          };
          const good = { ...h, 'webhook-signature': signStandard(secret, id, ts, body) };
          return (
            !verifyStandard(secret, h, body, 300, NOW).ok && verifyStandard(secret, good, body, 300, NOW).ok
          );
        },
      ),
    );
  });
});

describe('X-Hub-Signature-256 verification', () => {
  it('accepts sha256=<hex of HMAC over the raw body> and refuses anything else', () => {
    const body = Buffer.from('{"action":"opened"}');
    const good = signGithub('gh-secret', body);
    expect(good).toBe(`sha256=${createHmac('sha256', 'gh-secret').update(body).digest('hex')}`);
    expect(verifyGithub('gh-secret', { 'x-hub-signature-256': good }, body)).toEqual({ ok: true });
    expect(verifyGithub('gh-secret', {}, body)).toMatchObject({ reason: 'missing' });
    expect(verifyGithub('gh-secret', { 'x-hub-signature-256': 'sha256=00' }, body)).toMatchObject({
      reason: 'mismatch',
    });
    expect(verifyGithub('other', { 'x-hub-signature-256': good }, body)).toMatchObject({
      reason: 'mismatch',
    });
  });
});

describe('shared header secrets', () => {
  it('accepts the exact value only', () => {
    expect(verifyHeader('s3cret-value', { 'x-token': 's3cret-value' }, 'x-token')).toEqual({ ok: true });
    expect(verifyHeader('s3cret-value', { 'x-token': 's3cret-valuE' }, 'x-token').ok).toBe(false);
    expect(verifyHeader('s3cret-value', {}, 'x-token')).toMatchObject({ reason: 'missing' });
  });
});

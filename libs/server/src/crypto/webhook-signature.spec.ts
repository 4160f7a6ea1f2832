import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  signGithub,
  signStandard,
  signWebhook,
  verifyGithub,
  verifyHeader,
  verifyStandard,
} from './webhook-signature.js';

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

const randomSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const now = () => Math.floor(Date.now() / 1000);

describe('signWebhook (outgoing deliveries)', () => {
  it('produces headers the standardwebhooks package verifies', () => {
    const s = randomSecret();
    const body = JSON.stringify({ type: 'run.succeeded', data: { runId: 'r1', text: 'é ✓' } });
    const headers = signWebhook('msg_1', now(), body, [s]);
    expect(new Webhook(s).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with every secret given, so either one verifies during a rotation', () => {
    const [oldSecret, newSecret] = [randomSecret(), randomSecret()];
    const body = '{"type":"run.failed"}';
    const headers = signWebhook('msg_2', now(), body, [newSecret, oldSecret]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, { ...headers })).toEqual({ type: 'run.failed' });
    expect(new Webhook(newSecret).verify(body, { ...headers })).toEqual({ type: 'run.failed' });
    expect(() => new Webhook(randomSecret()).verify(body, { ...headers })).toThrow();
  });

  it('binds the signature to the id, the timestamp and the body', () => {
    const s = randomSecret();
    const ts = now();
    const headers = signWebhook('msg_3', ts, '{"a":1}', [s]);
    const wh = new Webhook(s);
    expect(() => wh.verify('{"a":2}', { ...headers })).toThrow();
    expect(() => wh.verify('{"a":1}', { ...headers, 'webhook-id': 'msg_4' })).toThrow();
    expect(() => wh.verify('{"a":1}', { ...headers, 'webhook-timestamp': String(ts + 1) })).toThrow();
  });
});

describe('one implementation both ways', () => {
  it('verifies what it signs, with either secret of a rotation', () => {
    const [a, b] = [randomSecret(), randomSecret()];
    const body = '{"type":"run.succeeded"}';
    const headers = signWebhook('msg_9', now(), body, [a, b]);
    expect(verifyStandard(a, { ...headers }, Buffer.from(body), 300)).toEqual({ ok: true });
    expect(verifyStandard(b, { ...headers }, Buffer.from(body), 300)).toEqual({ ok: true });
    expect(verifyStandard(randomSecret(), { ...headers }, Buffer.from(body), 300)).toMatchObject({
      reason: 'mismatch',
    });
  });
});

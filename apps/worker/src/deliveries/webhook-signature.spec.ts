import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './webhook-signature.js';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;
const now = () => Math.floor(Date.now() / 1000);

describe('signWebhook', () => {
  it('produces headers the standardwebhooks package verifies', () => {
    const s = secret();
    const body = JSON.stringify({ type: 'run.succeeded', data: { runId: 'r1', text: 'é ✓' } });
    const headers = signWebhook('msg_1', now(), body, [s]);
    expect(new Webhook(s).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with every secret given, so either one verifies during a rotation', () => {
    const [oldSecret, newSecret] = [secret(), secret()];
    const body = '{"type":"run.failed"}';
    const headers = signWebhook('msg_2', now(), body, [newSecret, oldSecret]);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, { ...headers })).toEqual({ type: 'run.failed' });
    expect(new Webhook(newSecret).verify(body, { ...headers })).toEqual({ type: 'run.failed' });
    expect(() => new Webhook(secret()).verify(body, { ...headers })).toThrow();
  });

  it('binds the signature to the id, the timestamp and the body', () => {
    const s = secret();
    const ts = now();
    const headers = signWebhook('msg_3', ts, '{"a":1}', [s]);
    const wh = new Webhook(s);
    expect(() => wh.verify('{"a":2}', { ...headers })).toThrow();
    expect(() => wh.verify('{"a":1}', { ...headers, 'webhook-id': 'msg_4' })).toThrow();
    expect(() => wh.verify('{"a":1}', { ...headers, 'webhook-timestamp': String(ts + 1) })).toThrow();
  });
});

import { EVENT_TRIGGER_LIMITS, SCHEDULE_TRIGGER_LIMITS, WEBHOOK_TRIGGER_LIMITS } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { curlExample } from './curl-example';
import {
  configFromForm,
  durationText,
  formFromTrigger,
  LIMITS,
  newTriggerForm,
  splitHeaders,
  triggerSummary,
  type StoredTrigger,
  type TriggerForm,
} from './trigger-form';

const webhookForm = (change: Partial<TriggerForm['webhook']> = {}): TriggerForm => {
  const form = newTriggerForm('webhook');
  return { ...form, webhook: { ...form.webhook, ...change } };
};

const stored = (config: object, hasSecret = true, kind = 'webhook'): StoredTrigger => ({
  kind,
  enabled: true,
  version: null,
  config,
  hasSecret,
});

const STANDARD_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('configFromForm', () => {
  it('turns a new webhook form into the API config with its defaults', () => {
    expect(configFromForm(webhookForm(), null)).toEqual({
      config: {
        methods: ['POST'],
        auth: { type: 'none' },
        responseMode: 'async',
        headers: [],
        maxBodyBytes: 1024 * 1024,
      },
      problems: [],
    });
  });

  it('sends the sync timeout, lower-cased allow-listed headers and a header secret', () => {
    const { config, problems } = configFromForm(
      webhookForm({
        methods: ['POST', 'PUT'],
        authType: 'header',
        header: 'X-Token',
        secret: 'a-long-enough-secret',
        responseMode: 'sync',
        timeoutSeconds: 5,
        headers: 'X-Request-Id, user-agent\nx-request-id',
      }),
      null,
    );
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      methods: ['POST', 'PUT'],
      auth: { type: 'header', header: 'x-token', secret: 'a-long-enough-secret' },
      responseMode: 'sync',
      timeoutSeconds: 5,
      headers: ['x-request-id', 'user-agent'],
    });
  });

  it('requires a secret when creating a trigger with authentication', () => {
    const { problems } = configFromForm(webhookForm({ authType: 'hmac' }), null);
    expect(problems).toEqual([{ field: 'secret', message: 'Set a secret for this kind of authentication.' }]);
  });

  it('keeps the stored secret when the auth type and style stay the same', () => {
    const previous = stored({ auth: { type: 'hmac', style: 'github', replayWindowSeconds: 300 } });
    const { config, problems } = configFromForm(
      webhookForm({ authType: 'hmac', hmacStyle: 'github' }),
      previous,
    );
    expect(problems).toEqual([]);
    expect(config['auth']).toEqual({ type: 'hmac', style: 'github', replayWindowSeconds: 300 });
  });

  it('asks for a new secret when the HMAC style changes', () => {
    const previous = stored({ auth: { type: 'hmac', style: 'github', replayWindowSeconds: 300 } });
    const { problems } = configFromForm(webhookForm({ authType: 'hmac', hmacStyle: 'standard' }), previous);
    expect(problems.map((p) => p.field)).toEqual(['secret']);
  });

  it('refuses a Standard Webhooks secret without the whsec_ prefix and short secrets', () => {
    const standard = configFromForm(
      webhookForm({ authType: 'hmac', hmacStyle: 'standard', secret: 'not-a-standard-secret' }),
      null,
    );
    expect(standard.problems[0].message).toContain('whsec_');
    expect(configFromForm(webhookForm({ authType: 'hmac', secret: STANDARD_SECRET }), null).problems).toEqual(
      [],
    );
    expect(configFromForm(webhookForm({ authType: 'header', secret: 'short' }), null).problems[0].field).toBe(
      'secret',
    );
  });

  it('refuses no methods, a sync wait over 30 s, bad header names and a body limit over 10 MiB', () => {
    const { problems } = configFromForm(
      webhookForm({
        methods: [],
        responseMode: 'sync',
        timeoutSeconds: 31,
        headers: 'ok, bad header(',
        maxBodyKiB: 20_000,
      }),
      null,
    );
    expect(problems.map((p) => p.field)).toEqual(['methods', 'timeoutSeconds', 'headers', 'maxBodyKiB']);
  });

  it('takes its limits from the domain constants the API validates against', () => {
    expect(LIMITS.maxBodyKiB * 1024).toBe(WEBHOOK_TRIGGER_LIMITS.maxBodyBytes);
    expect(LIMITS.secretMaxLength).toBe(WEBHOOK_TRIGGER_LIMITS.secretMaxLength);
    expect(LIMITS.maxHeaders).toBe(WEBHOOK_TRIGGER_LIMITS.maxHeaders);
    expect(LIMITS.maxCronLength).toBe(SCHEDULE_TRIGGER_LIMITS.maxCronLength);
    expect(LIMITS.maxFilterLength).toBe(EVENT_TRIGGER_LIMITS.maxFilterLength);
    expect(configFromForm(webhookForm(), null).config['maxBodyBytes']).toBe(
      WEBHOOK_TRIGGER_LIMITS.defaultMaxBodyBytes,
    );
  });

  it('refuses a secret longer than the API stores, next to the secret field', () => {
    const at = (length: number) =>
      configFromForm(webhookForm({ authType: 'header', secret: 's'.repeat(length) }), null).problems;
    expect(at(LIMITS.secretMaxLength)).toEqual([]);
    expect(at(LIMITS.secretMaxLength + 1)).toEqual([
      { field: 'secret', message: `The secret may have at most ${LIMITS.secretMaxLength} characters.` },
    ]);
  });

  it('measures a Standard Webhooks secret in decoded bytes, as the API does', () => {
    const secretOf = (bytes: number, urlSafe = false) => {
      const base64 = btoa(String.fromCharCode(...Array.from({ length: bytes }, (_, i) => 250 - i)));
      return (
        'whsec_' + (urlSafe ? base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : base64)
      );
    };
    const problems = (secret: string) =>
      configFromForm(webhookForm({ authType: 'hmac', hmacStyle: 'standard', secret }), null).problems;
    expect(problems(secretOf(LIMITS.standardSecretMinBytes))).toEqual([]);
    expect(problems(secretOf(LIMITS.standardSecretMinBytes, true))).toEqual([]);
    expect(problems(secretOf(LIMITS.standardSecretMinBytes - 1)).map((p) => p.field)).toEqual(['secret']);
  });

  it('refuses more copied headers than the API allows, next to the headers field', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `x-h${i}`).join(', ');
    expect(configFromForm(webhookForm({ headers: names(LIMITS.maxHeaders) }), null).problems).toEqual([]);
    expect(configFromForm(webhookForm({ headers: names(LIMITS.maxHeaders + 1) }), null).problems).toEqual([
      {
        field: 'headers',
        message: `At most ${LIMITS.maxHeaders} headers (${LIMITS.maxHeaders + 1} listed).`,
      },
    ]);
  });

  it('refuses a cron expression, time zone or interval past the API’s limits', () => {
    const form = newTriggerForm('schedule');
    const fieldsOf = (schedule: Partial<TriggerForm['schedule']>) =>
      configFromForm({ ...form, schedule: { ...form.schedule, ...schedule } }, null).problems.map(
        (p) => p.field,
      );
    expect(fieldsOf({ cron: `0 9 * * ${'1,'.repeat(LIMITS.maxCronLength)}5` })).toEqual(['cron']);
    expect(fieldsOf({ timezone: 'Z'.repeat(LIMITS.maxTimeZoneLength + 1) })).toEqual(['timezone']);
    expect(fieldsOf({ mode: 'interval', intervalSeconds: LIMITS.maxIntervalSeconds })).toEqual([]);
    expect(fieldsOf({ mode: 'interval', intervalSeconds: LIMITS.maxIntervalSeconds + 1 })).toEqual([
      'intervalSeconds',
    ]);
  });

  it('refuses an event filter that is too long or does not parse, next to the filter field', () => {
    const form = newTriggerForm('event');
    const problemsOf = (filter: string) =>
      configFromForm({ ...form, event: { event: 'message.received', filter } }, null).problems;
    expect(problemsOf("payload.text = 'help'")).toEqual([]);
    expect(problemsOf(`payload.n = ${'1'.repeat(LIMITS.maxFilterLength)}`).map((p) => p.field)).toEqual([
      'filter',
    ]);
    const broken = problemsOf('payload.text = (');
    expect(broken.map((p) => p.field)).toEqual(['filter']);
    expect(broken[0].message).toContain('does not parse');
  });

  it('sends only the fields of the chosen schedule mode', () => {
    const form = newTriggerForm('schedule');
    const cron = configFromForm(
      { ...form, schedule: { ...form.schedule, cron: ' 30 2 * * * ', timezone: 'Europe/Berlin' } },
      null,
    );
    expect(cron).toEqual({
      config: { mode: 'cron', cron: '30 2 * * *', timezone: 'Europe/Berlin' },
      problems: [],
    });
    const interval = configFromForm(
      { ...form, schedule: { ...form.schedule, mode: 'interval', intervalSeconds: 300 } },
      null,
    );
    expect(interval.config).toEqual({ mode: 'interval', intervalSeconds: 300 });
  });

  it('refuses a cron expression without five fields and an interval under a minute', () => {
    const form = newTriggerForm('schedule');
    expect(
      configFromForm({ ...form, schedule: { ...form.schedule, cron: '* *' } }, null).problems[0].field,
    ).toBe('cron');
    expect(
      configFromForm({ ...form, schedule: { ...form.schedule, mode: 'interval', intervalSeconds: 10 } }, null)
        .problems[0].field,
    ).toBe('intervalSeconds');
  });

  it('sends an event name with its filter, or null to remove a stored one', () => {
    const form = newTriggerForm('event');
    expect(configFromForm({ ...form, event: { event: 'message.received', filter: '  ' } }, null)).toEqual({
      config: { event: 'message.received', filter: null },
      problems: [],
    });
    expect(configFromForm({ ...form, event: { event: 'a b', filter: '' } }, null).problems[0].field).toBe(
      'event',
    );
  });
});

describe('formFromTrigger', () => {
  it('reads a stored webhook config back into the form, without its secret', () => {
    const form = formFromTrigger({
      ...stored({
        methods: ['PUT', 'POST'],
        auth: { type: 'hmac', style: 'github', replayWindowSeconds: 60 },
        responseMode: 'sync',
        timeoutSeconds: 20,
        headers: ['x-a', 'x-b'],
        maxBodyBytes: 2048,
      }),
      version: 3,
      enabled: false,
    });
    expect(form.version).toBe(3);
    expect(form.enabled).toBe(false);
    expect(form.webhook).toMatchObject({
      methods: ['POST', 'PUT'],
      authType: 'hmac',
      hmacStyle: 'github',
      secret: '',
      replayWindowSeconds: 60,
      responseMode: 'sync',
      timeoutSeconds: 20,
      headers: 'x-a, x-b',
      maxBodyKiB: 2,
    });
  });

  it('reads schedule and event configs', () => {
    expect(
      formFromTrigger(stored({ mode: 'interval', intervalSeconds: 600 }, false, 'schedule')).schedule,
    ).toMatchObject({
      mode: 'interval',
      intervalSeconds: 600,
    });
    expect(
      formFromTrigger(stored({ event: 'order.paid', filter: 'payload.total > 10' }, false, 'event')).event,
    ).toEqual({
      event: 'order.paid',
      filter: 'payload.total > 10',
    });
  });
});

describe('triggerSummary', () => {
  it('says in one line what each kind of trigger does', () => {
    expect(
      triggerSummary({
        kind: 'webhook',
        config: { methods: ['POST'], auth: { type: 'hmac', style: 'github' }, responseMode: 'sync' },
      }),
    ).toBe('POST · HMAC (GitHub) · sync');
    expect(
      triggerSummary({
        kind: 'schedule',
        config: { mode: 'cron', cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
      }),
    ).toBe('0 9 * * 1-5 (Europe/Berlin)');
    expect(triggerSummary({ kind: 'schedule', config: { mode: 'interval', intervalSeconds: 7200 } })).toBe(
      'Every 2 hours',
    );
    expect(triggerSummary({ kind: 'event', config: { event: 'order.paid', filter: 'x' } })).toBe(
      'order.paid · filtered',
    );
  });

  it('words durations by their largest whole unit', () => {
    expect(durationText(60)).toBe('minute');
    expect(durationText(90)).toBe('90 seconds');
    expect(durationText(86_400 * 2)).toBe('2 days');
  });

  it('splits header lists on commas, spaces and lines', () => {
    expect(splitHeaders('A, b\nc  a')).toEqual(['a', 'b', 'c']);
  });
});

describe('curlExample', () => {
  const url = 'http://127.0.0.1:3000/hooks/whk_abc';

  it('posts a JSON body to the URL when there is no auth', () => {
    expect(curlExample(url, { methods: ['POST'], auth: { type: 'none' } })).toBe(
      `curl -X POST '${url}' \\\n  -H 'content-type: application/json' \\\n  --data-binary '{"hello":"world"}'`,
    );
  });

  it('sends the shared secret in the configured header, from a variable', () => {
    const curl = curlExample(url, { methods: ['PUT'], auth: { type: 'header', header: 'x-token' } });
    expect(curl).toContain(`curl -X PUT '${url}'`);
    expect(curl).toContain('-H "x-token: $SECRET"');
  });

  it('signs the body for GitHub-style and Standard Webhooks HMAC', () => {
    expect(curlExample(url, { methods: ['POST'], auth: { type: 'hmac', style: 'github' } })).toContain(
      '-H "X-Hub-Signature-256: sha256=$SIG"',
    );
    const standard = curlExample(url, { methods: ['POST'], auth: { type: 'hmac', style: 'standard' } });
    expect(standard).toContain('-H "webhook-signature: v1,$SIG"');
    expect(standard).toContain('-H "webhook-timestamp: $TS"');
  });

  it('uses the first allowed method and no body for GET-only triggers', () => {
    expect(curlExample(url, { methods: ['GET'], auth: { type: 'none' } })).toBe(`curl -X GET '${url}'`);
  });
});

/**
 * The triggers form as plain data, and its translation to and from the API's `config` JSON
 * (contracts in apps/api/src/modules/triggers/README.md). Pure, so the rules are unit-tested
 * without a component.
 */
import {
  EVENT_NAME_MAX_LENGTH,
  EVENT_TRIGGER_LIMITS,
  SCHEDULE_TRIGGER_LIMITS,
  WEBHOOK_TRIGGER_LIMITS,
  isEventName,
  isHttpHeaderName,
  parseExpression,
} from '@stepline/domain';

export const TRIGGER_KINDS = ['webhook', 'schedule', 'event'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const KIND_LABELS: Record<TriggerKind, string> = {
  webhook: 'Webhook',
  schedule: 'Schedule',
  event: 'Event',
};

export const WEBHOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type WebhookMethod = (typeof WEBHOOK_METHODS)[number];
export type AuthType = 'none' | 'header' | 'hmac';
export type HmacStyle = 'standard' | 'github';

/**
 * The API's limits (libs/domain's trigger limits, which the API validates against), for the form's
 * hints and checks: the form refuses what the API would, next to the field (the API checks again).
 */
export const LIMITS = {
  secretMinLength: WEBHOOK_TRIGGER_LIMITS.secretMinLength,
  secretMaxLength: WEBHOOK_TRIGGER_LIMITS.secretMaxLength,
  standardSecretMinBytes: WEBHOOK_TRIGGER_LIMITS.standardSecretMinBytes,
  maxSyncTimeoutSeconds: WEBHOOK_TRIGGER_LIMITS.maxSyncTimeoutSeconds,
  maxReplayWindowSeconds: WEBHOOK_TRIGGER_LIMITS.maxReplayWindowSeconds,
  maxBodyKiB: WEBHOOK_TRIGGER_LIMITS.maxBodyBytes / 1024,
  maxHeaders: WEBHOOK_TRIGGER_LIMITS.maxHeaders,
  minIntervalSeconds: SCHEDULE_TRIGGER_LIMITS.defaultMinIntervalSeconds,
  maxIntervalSeconds: SCHEDULE_TRIGGER_LIMITS.maxIntervalSeconds,
  maxCronLength: SCHEDULE_TRIGGER_LIMITS.maxCronLength,
  maxTimeZoneLength: SCHEDULE_TRIGGER_LIMITS.maxTimeZoneLength,
  maxFilterLength: EVENT_TRIGGER_LIMITS.maxFilterLength,
} as const;

export interface WebhookForm {
  methods: WebhookMethod[];
  authType: AuthType;
  /** Header auth: the header that carries the shared secret. */
  header: string;
  hmacStyle: HmacStyle;
  /** Write-only: empty keeps the stored secret (when the auth type and style stay the same). */
  secret: string;
  replayWindowSeconds: number;
  responseMode: 'async' | 'sync';
  timeoutSeconds: number;
  /** Allow-listed request headers, comma- or line-separated. */
  headers: string;
  maxBodyKiB: number;
}

export interface ScheduleForm {
  mode: 'cron' | 'interval';
  cron: string;
  timezone: string;
  intervalSeconds: number;
}

export interface EventForm {
  event: string;
  filter: string;
}

export interface TriggerForm {
  kind: TriggerKind;
  enabled: boolean;
  /** A pinned version, or null for whichever version is published. */
  version: number | null;
  webhook: WebhookForm;
  schedule: ScheduleForm;
  event: EventForm;
}

/** What a stored trigger tells the form: enough to know whether a secret must be given again. */
export interface StoredTrigger {
  kind: string;
  enabled: boolean;
  version: number | null;
  config: unknown;
  hasSecret: boolean;
}

export const browserTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

/** IANA zones the browser knows (with UTC first), for the time-zone picker. */
export const timeZones = (): string[] => {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  const zones = supported ? supported('timeZone') : [];
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
};

export const newTriggerForm = (kind: TriggerKind = 'webhook'): TriggerForm => ({
  kind,
  enabled: true,
  version: null,
  webhook: {
    methods: ['POST'],
    authType: 'none',
    header: 'x-webhook-secret',
    hmacStyle: 'standard',
    secret: '',
    replayWindowSeconds: WEBHOOK_TRIGGER_LIMITS.defaultReplayWindowSeconds,
    responseMode: 'async',
    timeoutSeconds: WEBHOOK_TRIGGER_LIMITS.defaultSyncTimeoutSeconds,
    headers: '',
    maxBodyKiB: WEBHOOK_TRIGGER_LIMITS.defaultMaxBodyBytes / 1024,
  },
  schedule: { mode: 'cron', cron: '0 9 * * 1-5', timezone: browserTimeZone(), intervalSeconds: 3600 },
  event: { event: '', filter: '' },
});

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
const str = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

export const isTriggerKind = (kind: string): kind is TriggerKind =>
  (TRIGGER_KINDS as readonly string[]).includes(kind);

/** The form of a stored trigger (the secret is never known: it stays empty). */
export const formFromTrigger = (trigger: StoredTrigger): TriggerForm => {
  const form = newTriggerForm(isTriggerKind(trigger.kind) ? trigger.kind : 'webhook');
  form.enabled = trigger.enabled;
  form.version = trigger.version;
  const config = record(trigger.config);
  if (form.kind === 'webhook') {
    const auth = record(config['auth']);
    const w = form.webhook;
    const methods = Array.isArray(config['methods']) ? config['methods'] : w.methods;
    w.methods = WEBHOOK_METHODS.filter((m) => methods.includes(m));
    w.authType = (['none', 'header', 'hmac'] as const).find((t) => t === auth['type']) ?? 'none';
    w.header = str(auth['header'], w.header);
    w.hmacStyle = auth['style'] === 'github' ? 'github' : 'standard';
    w.replayWindowSeconds = num(auth['replayWindowSeconds'], w.replayWindowSeconds);
    w.responseMode = config['responseMode'] === 'sync' ? 'sync' : 'async';
    w.timeoutSeconds = num(config['timeoutSeconds'], w.timeoutSeconds);
    w.headers = Array.isArray(config['headers']) ? config['headers'].join(', ') : '';
    w.maxBodyKiB = Math.round(num(config['maxBodyBytes'], w.maxBodyKiB * 1024) / 1024);
  } else if (form.kind === 'schedule') {
    const s = form.schedule;
    s.mode = config['mode'] === 'interval' ? 'interval' : 'cron';
    s.cron = str(config['cron'], s.cron);
    s.timezone = str(config['timezone'], 'UTC');
    s.intervalSeconds = num(config['intervalSeconds'], s.intervalSeconds);
  } else {
    form.event.event = str(config['event'], '');
    form.event.filter = str(config['filter'], '');
  }
  return form;
};

export const splitHeaders = (text: string): string[] => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  ),
];

const isInt = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;

/** `whsec_` + base64 of at least the minimum key size, as the API decodes it. */
const isStandardSecret = (secret: string): boolean => {
  const key = /^whsec_([A-Za-z0-9+/_-]+={0,2})$/.exec(secret)?.[1];
  if (!key) return false;
  const padding = key.endsWith('==') ? 2 : key.endsWith('=') ? 1 : 0;
  return Math.floor((key.length * 3) / 4) - padding >= LIMITS.standardSecretMinBytes;
};

/** A problem of the form, keyed by the field it belongs to (shown next to it). */
export interface FormProblem {
  field: string;
  message: string;
}

export interface ConfigResult {
  config: Record<string, unknown>;
  problems: FormProblem[];
}

/**
 * The `config` to send for the form, with what the form can tell is wrong before asking the API.
 * `stored` is the trigger being edited (null when creating): a secret is required on create, and
 * when the auth type or HMAC style changes (the API drops the old one then).
 */
export const configFromForm = (form: TriggerForm, stored: StoredTrigger | null): ConfigResult => {
  const problems: FormProblem[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  if (form.kind === 'schedule') {
    const s = form.schedule;
    if (s.mode === 'interval') {
      if (!isInt(s.intervalSeconds, LIMITS.minIntervalSeconds, LIMITS.maxIntervalSeconds))
        bad(
          'intervalSeconds',
          `Every ${LIMITS.minIntervalSeconds} to ${LIMITS.maxIntervalSeconds} seconds (366 days), in whole seconds.`,
        );
      return { config: { mode: 'interval', intervalSeconds: s.intervalSeconds }, problems };
    }
    const fields = s.cron.trim().split(/\s+/).filter(Boolean).length;
    if (s.cron.trim().length > LIMITS.maxCronLength)
      bad('cron', `A cron expression of at most ${LIMITS.maxCronLength} characters.`);
    else if (fields < 5 || fields > 6)
      bad('cron', 'A cron expression has five fields: minute hour day month weekday.');
    if (!s.timezone) bad('timezone', 'Choose a time zone.');
    else if (s.timezone.length > LIMITS.maxTimeZoneLength)
      bad('timezone', `A time zone name of at most ${LIMITS.maxTimeZoneLength} characters.`);
    return { config: { mode: 'cron', cron: s.cron.trim(), timezone: s.timezone }, problems };
  }
  if (form.kind === 'event') {
    const event = form.event.event.trim();
    if (!isEventName(event))
      bad('event', `An event name: letters, digits and . _ : - (up to ${EVENT_NAME_MAX_LENGTH}).`);
    const filter = form.event.filter.trim();
    if (filter.length > LIMITS.maxFilterLength)
      bad('filter', `A filter of at most ${LIMITS.maxFilterLength} characters.`);
    else if (filter) {
      const parsed = parseExpression(filter);
      if (!parsed.ok)
        bad('filter', `The filter does not parse: ${parsed.error.message} (at ${parsed.error.position}).`);
    }
    // null removes a stored filter (the API merges the config over the stored one).
    return { config: { event, filter: filter || null }, problems };
  }

  const w = form.webhook;
  if (w.methods.length === 0) bad('methods', 'Allow at least one method.');
  const auth: Record<string, unknown> = { type: w.authType };
  if (w.authType !== 'none') {
    const storedAuth = stored ? record(record(stored.config)['auth']) : {};
    const sameAuth =
      stored !== null &&
      stored.hasSecret &&
      storedAuth['type'] === w.authType &&
      (w.authType !== 'hmac' || (storedAuth['style'] ?? 'standard') === w.hmacStyle);
    const secret = w.secret.trim();
    if (secret) {
      if (secret.length < LIMITS.secretMinLength)
        bad('secret', `The secret needs at least ${LIMITS.secretMinLength} characters.`);
      else if (secret.length > LIMITS.secretMaxLength)
        bad('secret', `The secret may have at most ${LIMITS.secretMaxLength} characters.`);
      else if (w.authType === 'hmac' && w.hmacStyle === 'standard' && !isStandardSecret(secret))
        bad(
          'secret',
          `A Standard Webhooks secret starts with whsec_ followed by base64 (≥ ${LIMITS.standardSecretMinBytes} bytes).`,
        );
      auth['secret'] = secret;
    } else if (!sameAuth) bad('secret', 'Set a secret for this kind of authentication.');
    if (w.authType === 'header') {
      if (!isHttpHeaderName(w.header.trim())) bad('header', 'An HTTP header name, e.g. x-webhook-secret.');
      auth['header'] = w.header.trim().toLowerCase();
    } else {
      auth['style'] = w.hmacStyle;
      if (!isInt(w.replayWindowSeconds, 1, LIMITS.maxReplayWindowSeconds))
        bad('replayWindowSeconds', `1 to ${LIMITS.maxReplayWindowSeconds} seconds.`);
      auth['replayWindowSeconds'] = w.replayWindowSeconds;
    }
  }
  if (w.responseMode === 'sync' && !isInt(w.timeoutSeconds, 1, LIMITS.maxSyncTimeoutSeconds))
    bad('timeoutSeconds', `1 to ${LIMITS.maxSyncTimeoutSeconds} seconds.`);
  const headers = splitHeaders(w.headers);
  const badHeader = headers.find((h) => !isHttpHeaderName(h));
  if (badHeader) bad('headers', `“${badHeader}” is not a header name.`);
  else if (headers.length > LIMITS.maxHeaders)
    bad('headers', `At most ${LIMITS.maxHeaders} headers (${headers.length} listed).`);
  if (!isInt(w.maxBodyKiB, 1, LIMITS.maxBodyKiB)) bad('maxBodyKiB', `1 to ${LIMITS.maxBodyKiB} KiB.`);
  return {
    config: {
      methods: [...w.methods],
      auth,
      responseMode: w.responseMode,
      ...(w.responseMode === 'sync' ? { timeoutSeconds: w.timeoutSeconds } : {}),
      headers,
      maxBodyBytes: w.maxBodyKiB * 1024,
    },
    problems,
  };
};

/** One line about a trigger for lists: "POST · HMAC (GitHub) · sync", "0 9 * * 1-5 (Europe/Berlin)". */
export const triggerSummary = (trigger: Pick<StoredTrigger, 'kind' | 'config'>): string => {
  const config = record(trigger.config);
  if (trigger.kind === 'schedule') {
    if (config['mode'] === 'interval') return `Every ${durationText(num(config['intervalSeconds'], 0))}`;
    return `${str(config['cron'], '?')} (${str(config['timezone'], 'UTC')})`;
  }
  if (trigger.kind === 'event') {
    const filter = str(config['filter'], '');
    return `${str(config['event'], '?')}${filter ? ' · filtered' : ''}`;
  }
  const auth = record(config['auth']);
  const methods = Array.isArray(config['methods']) ? config['methods'].join(' ') : 'POST';
  const authText =
    auth['type'] === 'header'
      ? `header ${str(auth['header'], '')}`
      : auth['type'] === 'hmac'
        ? `HMAC (${auth['style'] === 'github' ? 'GitHub' : 'Standard Webhooks'})`
        : 'no auth';
  return `${methods} · ${authText} · ${config['responseMode'] === 'sync' ? 'sync' : 'async'}`;
};

export const durationText = (seconds: number): string => {
  const units: Array<[string, number]> = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units)
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return n === 1 ? unit : `${n} ${unit}s`;
    }
  return seconds === 1 ? 'second' : `${seconds} seconds`;
};

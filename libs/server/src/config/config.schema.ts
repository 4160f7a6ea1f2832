/**
 * The one place that reads the environment. `loadConfig` validates every variable at boot and
 * reports all bad values at once, so an operator fixes them in one go.
 */
import { QUOTA_DEFAULTS, type TenantQuotas } from '@stepline/domain';
import { isIP } from 'node:net';
import { parseSecretsConfig, type SecretsConfig } from './secrets-config.js';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  publicUrl: string;
  logLevel: LogLevel;
  /** Connection for the application role (no table ownership, RLS applies). */
  databaseUrl: string;
  /** Connection for the role that owns the schema; used by migrations and test setup only. */
  databaseMigrationUrl: string;
  redisUrl: string;
  /** Prefix of every Redis key (BullMQ queues included); tests isolate on it. */
  redisPrefix: string;
  jwt: {
    secret: string;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
  };
  http: {
    bodyLimitBytes: number;
    trustProxy: boolean;
    /** JSON bodies (GraphQL variables included) nested deeper than this are refused before parsing. */
    jsonMaxDepth: number;
    /** JSON bodies holding more values than this are refused before parsing. */
    jsonMaxNodes: number;
    /** Most webhook requests accepted in one transaction (group commit); 0: one transaction each. */
    webhookBatchMax: number;
    /**
     * Debug: sync webhook answers carry a `Server-Timing` header with where the request's time went
     * (batch wait, enqueue, run, final read). Off in production: it tells the sender about our insides.
     */
    webhookServerTiming: boolean;
  };
  /** Limits checked on every GraphQL operation before it executes. */
  graphql: {
    introspection: boolean;
    /** Estimated cost: resolvers that do I/O weigh more, lists multiply by their `limit`. */
    maxCost: number;
    maxAliases: number;
    maxDepth: number;
    /** Lexical tokens in one document, bounding parse and validation work. */
    maxTokens: number;
  };
  /** `/metrics`: open, behind a bearer token, and/or only on a separate listener. */
  metrics: { token: string | null; port: number | null; host: string };
  /** Login attempts allowed per client IP per minute and per email per 5 minutes. */
  loginLimits: { perIpPerMinute: number; perEmailPer5Minutes: number };
  /** Creations allowed per tenant per hour, against abuse of a stolen admin credential. */
  tenantLimits: { invitationsPerHour: number; apiKeysPerHour: number };
  /** Built editor served at `/`; absent in API-only deployments. */
  webDistDir: string | null;
  shutdownTimeoutMs: number;
  /** The outbound HTTP client (http steps, webhook deliveries): SSRF guard and limits. */
  outbound: OutboundConfig;
  /** The run engine in the worker (see apps/worker/src/runs/README.md). */
  runs: RunsConfig;
  /** Schedule triggers: the worker's scheduler loop (see apps/worker/src/schedules/README.md). */
  schedules: SchedulesConfig;
  /** Tenant quotas where a tenant set none, and the admission and usage loops (libs/server/src/quotas). */
  quotas: QuotasConfig;
  /**
   * Recent events kept for a `waitForEvent` that opens after its event came
   * (docs/adr/0008-event-buffer.md): how long (0: none) and how often the worker prunes older ones.
   */
  eventBuffer: { windowMs: number; pruneIntervalMs: number };
  /**
   * The code-step sandbox: QuickJS threads per worker, the memory a step may ask for, and the code
   * steps allowed to wait for a thread (beyond, they fail `code.unavailable`, which is retried).
   */
  sandbox: { poolSize: number; maxMemoryMb: number; maxQueue: number };
  /** Keys of the tenant secrets' encryption (AES-256-GCM) and the worker's cache of them. */
  secrets: SecretsConfig;
  /** Outgoing webhook deliveries (apps/worker/src/deliveries/README.md). */
  webhooks: WebhooksConfig;
}

export interface WebhooksConfig {
  /** How often each worker looks for due deliveries. */
  pollIntervalMs: number;
  /** Attempts per delivery before it fails (the default spreads them over about a day). */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubled per attempt up to `backoffMaxMs`, with jitter. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** One attempt's budget: DNS, connect, headers and the response body. */
  requestTimeoutMs: number;
}

export interface RunsConfig {
  /** Jobs (runs) one worker process advances at the same time. */
  workerConcurrency: number;
  /** Step attempts one job may start before the run continues in a fresh job. */
  stepsPerJob: number;
  /** Retry delays up to this wait inside the job; longer ones park the run in a delayed job. */
  inlineRetryMaxMs: number;
  /** Recorded step and run outputs above this size are stored as a truncation marker. */
  outputMaxBytes: number;
  /** Steps of one run executing at once when the flow's settings say nothing. */
  defaultMaxConcurrency: number;
  /** A worker holding a job renews its lock within this; a killed worker's runs resume after it. */
  lockDurationMs: number;
  /** How often the sweeper looks for runs Postgres holds as in flight but Redis has lost. */
  sweepIntervalMs: number;
  /** Runs younger than this are never re-enqueued by the sweeper (their job may be on its way). */
  sweepStaleAfterMs: number;
  /** How often expired runs are pruned (retention), in small batches. */
  retentionIntervalMs: number;
  /** The worker's `/metrics` listener (its only HTTP); none when unset. Same token as the API's. */
  workerMetricsPort: number | null;
  expressionTimeoutMs: number;
  /** Levels of subflow runs below a top-level run; a deeper start fails `subflow.depth_exceeded`. */
  subflowMaxDepth: number;
}

export interface QuotasConfig {
  defaults: TenantQuotas;
  /** How often each worker looks for tenants with runs waiting for a slot (a slot freed also wakes it). */
  admissionPollMs: number;
  /** How often a worker re-aggregates the recent days' usage (runs, steps, step-seconds). */
  usageIntervalMs: number;
}

export interface SchedulesConfig {
  /** How often each worker's scheduler looks for due schedule triggers. */
  pollIntervalMs: number;
  /** Due triggers one scheduler pass claims at most (the rest wait for the next pass). */
  batchSize: number;
  /** The shortest interval schedule a trigger may have (60 s; tests lower it). */
  minIntervalSeconds: number;
  /** A slot noticed later than this after its time was missed (downtime): skipped, not fired. */
  missedGraceMs: number;
}

export interface OutboundConfig {
  /** CIDR ranges a self-hoster opens despite the private/loopback block (`10.0.0.0/8`); empty by default. */
  allowCidrs: string[];
  maxResponseBytes: number;
  connectTimeoutMs: number;
  maxRedirects: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  string(name: string, fallback?: string, opts: { minLength?: number } = {}): string {
    const value = this.env[name] ?? fallback;
    if (value === undefined || value === '') {
      this.problems.push(`${name} is required`);
      return '';
    }
    if (opts.minLength && value.length < opts.minLength) {
      this.problems.push(`${name} must be at least ${opts.minLength} characters long`);
    }
    return value;
  }

  optionalInt(name: string, min: number, max: number): number | null {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return null;
    return this.int(name, min, min, max);
  }

  optional(name: string): string | null {
    const value = this.env[name];
    return value === undefined || value === '' ? null : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }

  /** Comma-separated CIDR list; a bare address means that one address (`/32` or `/128`). */
  cidrList(name: string): string[] {
    const raw = this.env[name];
    if (raw === undefined || raw.trim() === '') return [];
    const cidrs: string[] = [];
    for (const entry of raw.split(',').map((e) => e.trim())) {
      const [address = '', prefix, extra] = entry.split('/');
      const family = isIP(address);
      const bits = family === 4 ? 32 : 128;
      const length = prefix === undefined ? bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (family === 0 || address.includes('%') || extra !== undefined || !(length >= 0 && length <= bits)) {
        this.problems.push(`${name} must be a comma-separated list of CIDR ranges (bad entry "${entry}")`);
        continue;
      }
      cidrs.push(`${address}/${length}`);
    }
    return cidrs;
  }

  url(name: string, protocols: string[], fallback?: string): string {
    const value = this.string(name, fallback);
    if (!value) return value;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
      }
    } catch {
      this.problems.push(`${name} must be a valid URL`);
    }
    return value;
  }
}

/** A scrape token short enough to guess protects nothing: refuse it rather than trust it. */
function metricsToken(r: Reader): string | null {
  const token = r.optional('METRICS_TOKEN');
  if (token !== null && (token.length < 16 || /\s/.test(token))) {
    r.problems.push('METRICS_TOKEN must be at least 16 characters long, without spaces');
  }
  return token;
}

const DEV_JWT_SECRET = 'stepline-development-only-secret-change-me-0123456789';

export function loadConfig(env: Env): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const port = r.int('PORT', 3000, 1, 65535);
  const host = r.string('HOST', '0.0.0.0');
  const jwtSecret = r.string('JWT_SECRET', nodeEnv === 'production' ? undefined : DEV_JWT_SECRET, {
    minLength: 32,
  });
  if (nodeEnv === 'production' && jwtSecret === DEV_JWT_SECRET) {
    r.problems.push('JWT_SECRET must be set to a private value in production');
  }
  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const config: AppConfig = {
    nodeEnv,
    host,
    port,
    publicUrl: r.url('PUBLIC_URL', ['http:', 'https:'], `http://localhost:${port}`),
    logLevel: r.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'warn' : 'info',
    ),
    databaseUrl,
    databaseMigrationUrl: r.url(
      'DATABASE_MIGRATION_URL',
      ['postgres:', 'postgresql:'],
      databaseUrl || undefined,
    ),
    redisUrl: r.url('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: r.string('REDIS_PREFIX', 'sl'),
    jwt: {
      secret: jwtSecret,
      issuer: r.string('JWT_ISSUER', 'stepline'),
      audience: r.string('JWT_AUDIENCE', 'stepline-api'),
      accessTtlSeconds: r.int('JWT_ACCESS_TTL_SECONDS', 900, 60, 3600),
      refreshTtlSeconds: r.int('JWT_REFRESH_TTL_SECONDS', 30 * 24 * 3600, 3600, 365 * 24 * 3600),
    },
    http: {
      bodyLimitBytes: r.int('HTTP_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      trustProxy: r.bool('TRUST_PROXY', false),
      jsonMaxDepth: r.int('HTTP_JSON_MAX_DEPTH', 64, 4, 1000),
      jsonMaxNodes: r.int('HTTP_JSON_MAX_NODES', 100_000, 100, 10_000_000),
      webhookBatchMax: r.int('WEBHOOK_ACCEPT_BATCH_MAX', 200, 0, 1000),
      webhookServerTiming: r.bool('WEBHOOK_SERVER_TIMING', false),
    },
    graphql: {
      introspection: r.bool('GRAPHQL_INTROSPECTION', nodeEnv !== 'production'),
      maxCost: r.int('GRAPHQL_MAX_COST', 5_000, 10, 10_000_000),
      maxAliases: r.int('GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
      maxDepth: r.int('GRAPHQL_MAX_DEPTH', 12, 2, 100),
      maxTokens: r.int('GRAPHQL_MAX_TOKENS', 10_000, 100, 1_000_000),
    },
    metrics: {
      token: metricsToken(r),
      port: r.optionalInt('METRICS_PORT', 1, 65535),
      host: r.optional('METRICS_HOST') ?? host,
    },
    loginLimits: {
      perIpPerMinute: r.int('LOGIN_MAX_PER_IP_PER_MINUTE', 30, 1, 100_000),
      perEmailPer5Minutes: r.int('LOGIN_MAX_PER_EMAIL_PER_5_MINUTES', 10, 1, 100_000),
    },
    tenantLimits: {
      invitationsPerHour: r.int('INVITATIONS_MAX_PER_HOUR', 100, 1, 100_000),
      apiKeysPerHour: r.int('API_KEYS_MAX_PER_HOUR', 60, 1, 100_000),
    },
    runs: {
      workerConcurrency: r.int('WORKER_CONCURRENCY', 50, 1, 1_000),
      stepsPerJob: r.int('RUN_STEPS_PER_JOB', 500, 1, 100_000),
      inlineRetryMaxMs: r.int('RUN_INLINE_RETRY_MAX_MS', 2_000, 0, 60_000),
      outputMaxBytes: r.int('RUN_OUTPUT_MAX_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
      defaultMaxConcurrency: r.int('RUN_DEFAULT_MAX_CONCURRENCY', 10, 1, 1_000),
      lockDurationMs: r.int('WORKER_LOCK_DURATION_MS', 30_000, 1_000, 600_000),
      sweepIntervalMs: r.int('RUN_SWEEP_INTERVAL_MS', 30_000, 100, 3_600_000),
      sweepStaleAfterMs: r.int('RUN_SWEEP_STALE_AFTER_MS', 60_000, 100, 86_400_000),
      retentionIntervalMs: r.int('RUN_RETENTION_INTERVAL_MS', 600_000, 1_000, 86_400_000),
      expressionTimeoutMs: r.int('EXPRESSION_TIMEOUT_MS', 1_000, 10, 60_000),
      workerMetricsPort: r.optionalInt('WORKER_METRICS_PORT', 1, 65535),
      subflowMaxDepth: r.int('SUBFLOW_MAX_DEPTH', 5, 1, 50),
    },
    quotas: {
      defaults: {
        maxConcurrentRuns: r.int('QUOTA_MAX_CONCURRENT_RUNS', QUOTA_DEFAULTS.maxConcurrentRuns, 1, 10_000),
        runStartsPerMinute: r.int(
          'QUOTA_RUN_STARTS_PER_MINUTE',
          QUOTA_DEFAULTS.runStartsPerMinute,
          1,
          100_000,
        ),
        maxStepsPerRun: r.int('QUOTA_MAX_STEPS_PER_RUN', QUOTA_DEFAULTS.maxStepsPerRun, 1, 1_000_000),
        maxForEachItems: r.int('QUOTA_MAX_FOREACH_ITEMS', QUOTA_DEFAULTS.maxForEachItems, 1, 1_000_000),
        maxPayloadBytes: r.int(
          'QUOTA_MAX_PAYLOAD_BYTES',
          QUOTA_DEFAULTS.maxPayloadBytes,
          1_024,
          64 * 1024 * 1024,
        ),
        maxStepOutputBytes: r.int(
          'QUOTA_MAX_STEP_OUTPUT_BYTES',
          QUOTA_DEFAULTS.maxStepOutputBytes,
          1_024,
          64 * 1024 * 1024,
        ),
      },
      admissionPollMs: r.int('ADMISSION_POLL_INTERVAL_MS', 500, 20, 60_000),
      usageIntervalMs: r.int('USAGE_INTERVAL_MS', 60_000, 100, 86_400_000),
    },
    eventBuffer: {
      windowMs: r.int('EVENT_BUFFER_WINDOW_MS', 60_000, 0, 3_600_000),
      pruneIntervalMs: r.int('EVENT_BUFFER_PRUNE_INTERVAL_MS', 10_000, 100, 3_600_000),
    },
    schedules: {
      pollIntervalMs: r.int('SCHEDULER_POLL_INTERVAL_MS', 1_000, 50, 60_000),
      batchSize: r.int('SCHEDULER_BATCH_SIZE', 100, 1, 10_000),
      minIntervalSeconds: r.int('SCHEDULE_MIN_INTERVAL_SECONDS', 60, 1, 86_400),
      missedGraceMs: r.int('SCHEDULE_MISSED_GRACE_MS', 60_000, 1_000, 86_400_000),
    },
    sandbox: {
      poolSize: r.int('SANDBOX_POOL_SIZE', 2, 1, 64),
      maxMemoryMb: r.int('SANDBOX_MAX_MEMORY_MB', 128, 1, 1_024),
      maxQueue: r.int('SANDBOX_MAX_QUEUE', 1_000, 1, 1_000_000),
    },
    secrets: parseSecretsConfig(
      {
        production: nodeEnv === 'production',
        keys: r.optional('SECRETS_KEYS'),
        activeKeyId: r.optional('SECRETS_ACTIVE_KEY_ID'),
        cacheTtlMs: r.int('SECRETS_CACHE_TTL_MS', 5_000, 0, 300_000),
      },
      r.problems,
    ),
    webhooks: {
      pollIntervalMs: r.int('WEBHOOK_POLL_INTERVAL_MS', 500, 10, 60_000),
      maxAttempts: r.int('WEBHOOK_MAX_ATTEMPTS', 15, 1, 100),
      backoffBaseMs: r.int('WEBHOOK_BACKOFF_BASE_MS', 30_000, 1, 3_600_000),
      backoffMaxMs: r.int('WEBHOOK_BACKOFF_MAX_MS', 4 * 3_600_000, 1, 86_400_000),
      requestTimeoutMs: r.int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    webDistDir: r.optional('WEB_DIST_DIR'),
    shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 120_000),
    outbound: {
      allowCidrs: r.cidrList('OUTBOUND_ALLOW_CIDRS'),
      maxResponseBytes: r.int('OUTBOUND_MAX_RESPONSE_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      connectTimeoutMs: r.int('OUTBOUND_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
      maxRedirects: r.int('OUTBOUND_MAX_REDIRECTS', 5, 0, 20),
    },
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}

/** Boot-time entry: the only read of `process.env` in the code base. */
export function loadConfigFromProcess(overrides: Env = {}): AppConfig {
  return loadConfig({ ...process.env, ...overrides });
}

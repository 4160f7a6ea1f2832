import {
  RUN_STATUSES,
  RUN_TRIGGERS,
  TERMINAL_RUN_STATUSES,
  type RunStatus,
  type RunTrigger,
} from '@stepline/domain';

/** How a status badge looks: the words and the colour family (styles key off `tone`). */
export type StatusTone = 'neutral' | 'active' | 'success' | 'danger' | 'warning';

export interface StatusLook {
  label: string;
  tone: StatusTone;
}

const RUN_LOOK: Record<RunStatus, StatusLook> = {
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'active' },
  waiting: { label: 'Waiting', tone: 'warning' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  timed_out: { label: 'Timed out', tone: 'danger' },
};

const STEP_LOOK: Record<string, StatusLook> = {
  running: { label: 'Running', tone: 'active' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Skipped', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  waiting: { label: 'Waiting', tone: 'warning' },
};

const TRIGGER_LABEL: Record<RunTrigger, string> = {
  manual: 'Manual',
  api: 'API',
  webhook: 'Webhook',
  schedule: 'Schedule',
  event: 'Event',
  subflow: 'Subflow',
  retry: 'Retry',
};

export const RUN_STATUS_OPTIONS: readonly RunStatus[] = RUN_STATUSES;
export const RUN_TRIGGER_OPTIONS: readonly RunTrigger[] = RUN_TRIGGERS;

const isRunStatus = (status: string): status is RunStatus => Object.hasOwn(RUN_LOOK, status);
const isTrigger = (trigger: string): trigger is RunTrigger => Object.hasOwn(TRIGGER_LABEL, trigger);

/** A status the API added after this editor was built still gets a readable, neutral badge. */
export const runStatusLook = (status: string): StatusLook =>
  isRunStatus(status) ? RUN_LOOK[status] : { label: status, tone: 'neutral' };

export const stepStatusLook = (status: string): StatusLook =>
  STEP_LOOK[status] ?? { label: status, tone: 'neutral' };

export const triggerLabel = (trigger: string): string =>
  isTrigger(trigger) ? TRIGGER_LABEL[trigger] : trigger;

/** Succeeded, failed, cancelled or timed out: nothing will change any more. */
export const isFinished = (status: string): boolean =>
  isRunStatus(status) && TERMINAL_RUN_STATUSES.includes(status);

/** What a role may do to a run, and what the run's state allows (the API checks both again). */
export interface RunPermissions {
  mayCancel: boolean;
  mayRetry: boolean;
}

export interface RunActions {
  cancel: boolean;
  retry: boolean;
  resume: boolean;
}

/**
 * The actions to offer on a run. Cancel while it can still stop (and no cancel is on its way),
 * retry once it finished, resume a failed run that names its failed step — the API's rules
 * (`run.not_cancellable`, `run.not_retryable`, `run.not_resumable`), so a button is never a dead end.
 */
export const runActions = (
  run: { status: string; cancelRequestedAt: string | null; error: unknown },
  permissions: RunPermissions,
): RunActions => ({
  cancel:
    permissions.mayCancel &&
    ['queued', 'running', 'waiting'].includes(run.status) &&
    run.cancelRequestedAt === null,
  retry: permissions.mayRetry && isFinished(run.status),
  resume: permissions.mayRetry && run.status === 'failed' && runErrorOf(run.error)?.stepId !== undefined,
});

/** A run's or step's error as recorded: `{ code, message, stepId?, detail? }`. */
export interface RunError {
  code: string;
  message: string;
  stepId?: string;
  detail?: unknown;
}

/** Reads the error JSON the API sends; anything unexpected still shows as a message. */
export const runErrorOf = (error: unknown): RunError | null => {
  if (error === null || error === undefined) return null;
  if (typeof error !== 'object' || Array.isArray(error))
    return { code: 'unknown', message: JSON.stringify(error) };
  const record = error as Record<string, unknown>;
  const code = typeof record['code'] === 'string' ? record['code'] : 'unknown';
  const message = typeof record['message'] === 'string' ? record['message'] : '';
  const stepId = typeof record['stepId'] === 'string' ? record['stepId'] : undefined;
  return {
    code,
    message,
    ...(stepId !== undefined ? { stepId } : {}),
    ...(record['detail'] !== undefined ? { detail: record['detail'] } : {}),
  };
};

/** "120 ms", "4.2 s", "3 min 5 s", "2 h 4 min"; an em dash when unknown. */
export const formatDuration = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
};

/**
 * A run's duration as far as known: the recorded one once finished, else the time since it
 * started (`now` passed in, so the view decides how often it ticks).
 */
export const runDurationMs = (
  run: { durationMs: number | null; startedAt: string | null; finishedAt: string | null },
  now: number,
): number | null => {
  if (run.durationMs !== null) return run.durationMs;
  if (run.startedAt === null) return null;
  const end = run.finishedAt !== null ? Date.parse(run.finishedAt) : now;
  const start = Date.parse(run.startedAt);
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, end - start);
};

/** Pretty JSON for a panel; `undefined` (never recorded) reads differently from `null`. */
export const prettyJson = (value: unknown): string => {
  if (value === undefined) return '—';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
};

import type { RunEvent, StepRun } from '../runs.graphql';

/** One attempt of one step, from its recorded step run or, until that is read, from live events. */
export interface TimelineAttempt {
  /** `path|stepId|attempt`: the step run's identity (the API's checkpoint key). */
  key: string;
  stepId: string;
  path: string;
  attempt: number;
  status: string;
  port: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  error: unknown;
  /** The full record (input, output, logs) once the run was read after this attempt settled. */
  record: StepRun | null;
}

/** A step (at one iteration path) with its attempts, oldest first; `latest` decides its status. */
export interface TimelineStep {
  /** `path|stepId`. */
  key: string;
  stepId: string;
  path: string;
  attempts: readonly TimelineAttempt[];
  latest: TimelineAttempt;
}

export type LiveAttempts = ReadonlyMap<string, TimelineAttempt>;

const attemptKey = (path: string, stepId: string, attempt: number) => `${path}|${stepId}|${attempt}`;
const SETTLED = new Set(['succeeded', 'failed', 'skipped', 'cancelled']);

const fromRecord = (step: StepRun): TimelineAttempt => ({
  key: attemptKey(step.path, step.stepId, step.attempt),
  stepId: step.stepId,
  path: step.path,
  attempt: step.attempt,
  status: step.status,
  port: step.port,
  startedAt: step.startedAt,
  finishedAt: step.finishedAt,
  durationMs: step.durationMs,
  error: step.error,
  record: step,
});

/**
 * Folds one live event into the attempts heard of so far. `step.started` exists only live (the API
 * records a step run when it settles), so it is the only way to see a running step. Run events
 * and events of other runs change nothing here.
 */
export const applyStepEvent = (live: LiveAttempts, event: RunEvent): LiveAttempts => {
  if (event.type !== 'step.started' && event.type !== 'step.settled') return live;
  if (event.stepId === null) return live;
  const path = event.path ?? '';
  const attempt = event.attempt ?? 1;
  const key = attemptKey(path, event.stepId, attempt);
  const known = live.get(key);
  const next = new Map(live);
  if (event.type === 'step.started') {
    // A replayed or late `started` never takes a settled attempt back to running.
    if (known && known.status !== 'running') return live;
    next.set(key, {
      key,
      stepId: event.stepId,
      path,
      attempt,
      status: 'running',
      port: null,
      startedAt: event.at,
      finishedAt: null,
      durationMs: null,
      error: null,
      record: null,
    });
    return next;
  }
  const finishedAt = event.at;
  const startedAt =
    known?.startedAt ??
    (event.durationMs !== null ? new Date(Date.parse(finishedAt) - event.durationMs).toISOString() : null);
  next.set(key, {
    key,
    stepId: event.stepId,
    path,
    attempt,
    status: event.status ?? 'succeeded',
    port: event.port,
    startedAt,
    finishedAt,
    durationMs: event.durationMs,
    error: event.error,
    record: null,
  });
  return next;
};

/**
 * The run's timeline: recorded step runs, plus what live events said about attempts not read yet.
 * A record wins over a live attempt, except a record still `running`/`waiting` that an event has
 * since settled. Steps are ordered by when their first attempt started (unknown last), attempts
 * by number.
 */
export const buildTimeline = (steps: readonly StepRun[], live: LiveAttempts): TimelineStep[] => {
  const attempts = new Map<string, TimelineAttempt>();
  for (const attempt of live.values()) attempts.set(attempt.key, attempt);
  for (const step of steps) {
    const recorded = fromRecord(step);
    const heard = attempts.get(recorded.key);
    const staleRecord = heard && SETTLED.has(heard.status) && !SETTLED.has(recorded.status);
    if (!staleRecord) attempts.set(recorded.key, recorded);
  }
  // Attempts in number order, so each group is built oldest first and its last one is the latest.
  const ordered = [...attempts.values()].sort((a, b) => a.attempt - b.attempt);
  const groups = new Map<string, TimelineStep>();
  for (const attempt of ordered) {
    const key = `${attempt.path}|${attempt.stepId}`;
    const group = groups.get(key);
    groups.set(
      key,
      group
        ? { ...group, attempts: [...group.attempts, attempt], latest: attempt }
        : { key, stepId: attempt.stepId, path: attempt.path, attempts: [attempt], latest: attempt },
    );
  }
  return [...groups.values()].sort(byFirstStart);
};

const startOf = (step: TimelineStep): number => {
  const time = step.attempts[0]?.startedAt ? Date.parse(step.attempts[0].startedAt) : NaN;
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
};
const seqOf = (step: TimelineStep): number => step.attempts[0]?.record?.seq ?? Number.POSITIVE_INFINITY;

const byFirstStart = (a: TimelineStep, b: TimelineStep): number =>
  startOf(a) - startOf(b) ||
  seqOf(a) - seqOf(b) ||
  a.path.localeCompare(b.path) ||
  a.stepId.localeCompare(b.stepId);

const MIN_BAR = 0.5;

/** Where an attempt's bar sits on the run's time axis, in percent of the axis. */
export interface Bar {
  offset: number;
  width: number;
}

/**
 * The run's time axis: from the run's start (or its first step's) to its end (or `now` while it
 * runs, or the last step's end). Bars never leave the axis and stay visible (≥ 0.5 %).
 */
export const timeAxis = (
  run: { startedAt: string | null; finishedAt: string | null },
  timeline: readonly TimelineStep[],
  now: number,
): ((attempt: TimelineAttempt) => Bar | null) => {
  const attempts = timeline.flatMap((step) => step.attempts);
  const starts = attempts.map((a) => (a.startedAt ? Date.parse(a.startedAt) : NaN)).filter(Number.isFinite);
  const ends = attempts.map((a) => (a.finishedAt ? Date.parse(a.finishedAt) : NaN)).filter(Number.isFinite);
  const runStart = run.startedAt ? Date.parse(run.startedAt) : NaN;
  const start = Number.isFinite(runStart) ? runStart : Math.min(...starts);
  const runEnd = run.finishedAt ? Date.parse(run.finishedAt) : NaN;
  const end = Number.isFinite(runEnd) ? runEnd : Math.max(now, ...ends);
  const span = end - start;
  return (attempt) => {
    if (!Number.isFinite(start) || !(span > 0) || !attempt.startedAt) return null;
    const from = Date.parse(attempt.startedAt);
    if (!Number.isFinite(from)) return null;
    const to = attempt.finishedAt
      ? Date.parse(attempt.finishedAt)
      : attempt.durationMs !== null
        ? from + attempt.durationMs
        : end;
    const percent = (value: number) => Math.min(100, Math.max(0, (value / span) * 100));
    const offset = Math.min(percent(from - start), 100 - MIN_BAR);
    const width = Math.min(100 - offset, Math.max(MIN_BAR, percent(to - from)));
    return { offset, width };
  };
};

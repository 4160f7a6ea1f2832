import type { RunnerVerdict } from '../runs/flow-runner.js';
import type { RunEventsPublisher } from '../runs/run-events.publisher.js';
import { maskSecrets } from '../runs/output-cap.js';
import type { RunState } from '../runs/run-state.js';
import type { RunStore, StepCheckpoint } from '../runs/run-store.types.js';
import type { AttemptOutcome } from '../runs/step-attempt.js';
import { nextWakeAt, openWait, refreshWaits, toResolution } from './run-waits.js';
import type { WaitStore } from './wait-store.js';
import type { WaitResolution } from './wait.types.js';

/** What opening a wait and parking a run need of the runner. */
export interface ParkDeps {
  store: Pick<RunStore, 'checkpoint'>;
  waits?: WaitStore;
  events: Pick<RunEventsPublisher, 'publish'>;
}

/**
 * Opens the wait a step asked for: its waitpoint, then its step run `waiting` (attempt n). Answers
 * 'open', 'superseded' (the checkpoint existed: another runner), or the wait's resolution when it
 * was resolved already (the step ran again after a crash, and an event came in between).
 */
export async function openStepWait(
  deps: ParkDeps & { deadline: Date | null; publishSettled(row: StepCheckpoint, seq: number): void },
  state: RunState,
  stepId: string,
  attempt: number,
  startedAt: Date,
  outcome: Extract<AttemptOutcome, { kind: 'succeeded' }>,
): Promise<'open' | 'superseded' | { wait: WaitResolution; input: unknown }> {
  const request = outcome.result.wait;
  if (!request || !deps.waits) throw new Error('a waiting step ran in a runner without a wait store');
  if (request.kind === 'iterations') {
    // A loop whose iterations wait: running for the scheduler, not recorded; it runs again with
    // the same attempt number once one of their waitpoints left `waiting` (refreshWaits).
    state.attempts.set(stepId, attempt - 1);
    const times = request.waits.flatMap((w) => (w.resumeAt ? [w.resumeAt.getTime()] : []));
    state.waiting.set(stepId, {
      attempt,
      resumeAt: times.length > 0 ? new Date(Math.min(...times)) : null,
      input: null,
      iterations: request.waits,
    });
    return 'open';
  }
  const waitpoint = await openWait(deps.waits, state, stepId, attempt, request, deps.deadline);
  const now = new Date();
  const input = maskSecrets(outcome.input, state.secretValues);
  const row: StepCheckpoint = {
    tenantId: state.run.tenantId,
    runId: state.run.id,
    stepId,
    path: '',
    attempt,
    status: 'waiting',
    port: null,
    input,
    output: null,
    error: null,
    logs: maskSecrets(outcome.logs, state.secretValues),
    outputTruncated: false,
    startedAt,
    finishedAt: now,
    durationMs: now.getTime() - startedAt.getTime(),
  };
  const written = await deps.store.checkpoint(row);
  if (!written) return 'superseded';
  deps.publishSettled(row, written.seq);
  if (waitpoint.status === 'resolved' || waitpoint.status === 'timed_out') {
    return { wait: toResolution(waitpoint), input };
  }
  state.waiting.set(stepId, { attempt, waitpointId: waitpoint.id, resumeAt: waitpoint.resumeAt, input });
  return 'open';
}

/**
 * Only waiting steps are left. Answers null when some of them were resolved meanwhile (the runner
 * records them next), else parks the run (`waiting`) — or, with retries parked too, continues later
 * with the run still `running`.
 */
export async function parkOrResume(
  deps: ParkDeps,
  state: RunState,
  deadline: Date | null,
): Promise<RunnerVerdict | null> {
  const { waits } = deps;
  const { run } = state;
  if (!waits) return { kind: 'yielded' };
  // Known and not due: parking itself notices a resolution that came meanwhile (one query fewer).
  const unsure = [...state.waiting.values()].some(
    (w) => (!w.waitpointId && !w.iterations) || (w.resumeAt !== null && w.resumeAt.getTime() <= Date.now()),
  );
  if (unsure && (await refreshWaits(waits, state)) > 0) return null;
  const at = nextWakeAt(state, deadline);
  if (state.pendingRetries.size > 0) {
    const retryAt = Math.min(...[...state.pendingRetries.values()].map((p) => p.at));
    return { kind: 'continue', at: at === null ? retryAt : Math.min(at, retryAt) };
  }
  const ids = [...state.waiting.values()].flatMap((w) =>
    w.iterations ? w.iterations.map((i) => i.waitpointId) : w.waitpointId ? [w.waitpointId] : [],
  );
  const parked = await waits.park(run.tenantId, run.id, ids, deadline);
  if (parked === 'gone') return { kind: 'yielded' };
  if (parked === 'resumed') return (await refreshWaits(waits, state)) > 0 ? null : { kind: 'yielded' };
  deps.events.publish({
    type: 'run.status',
    runId: run.id,
    status: 'waiting',
    at: new Date().toISOString(),
    error: null,
  });
  return { kind: 'waiting', at };
}

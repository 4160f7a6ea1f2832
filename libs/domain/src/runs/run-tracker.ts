import { AppError } from '../errors/index.js';
import type { FlowEdge } from '../flows/definition/flow-definition.types.js';
import { ERROR_PORT } from '../step-types/step-type.types.js';
import type { SchedulerGraph } from './scheduler-graph.js';
import type { SchedulerDecision, StepOutcome } from './scheduler.types.js';

// Where a step stands. The settled states (EXECUTED, SKIPPED, PASSED) never change again.
const UNRESOLVED = 0; // some parent has not settled yet
const READY = 1;
const RUNNING = 2; // started, not settled (includes waiting on a delay, approval or event)
const EXECUTED = 3; // succeeded, or failed
const SKIPPED = 4;
const PASSED = 5; // disabled, passed through

const OUTCOME_STATUSES: readonly string[] = ['succeeded', 'failed', 'skipped'];
const SKIPPED_OUTCOME: StepOutcome = Object.freeze({ status: 'skipped' });

const runnerBug = (message: string, stepId: string): AppError =>
  new AppError('internal.error', message, { detail: { stepId } });

/**
 * One run's progress through a compiled graph, updated in O(edges of the settled step) per settled
 * step (plus whatever that settles by skip or pass-through), so a whole run costs O(steps + edges).
 * Built by `RunScheduler.track` from the checkpointed outcomes; its first decision is exactly what
 * `RunScheduler.decide` says for them, and so is every later one (a property test holds it to it).
 *
 * Steps it decides to skip or pass through are counted as settled at once: the runner records them
 * (as `skipped`) but does not report them back. Mutable and per run; never share one between runs.
 */
export class RunTracker {
  private readonly state: Uint8Array;
  private readonly unsettledParents: Int32Array;
  private readonly activeIn: Uint8Array;
  private readonly recorded = new Map<string, StepOutcome>();
  private readonly started = new Set<string>();
  /** READY positions, ascending (= definition order). */
  private readonly readyQueue: number[] = [];
  private failedAt = -1;
  /** Off while the constructor walks the graph in topological order (the walk resolves each step). */
  private cascading = false;
  private newlySkipped: number[] = [];
  private newlyPassed: number[] = [];
  private latest: SchedulerDecision;

  /** @internal use `RunScheduler.track`. */
  constructor(
    private readonly graph: SchedulerGraph,
    outcomes: ReadonlyMap<string, StepOutcome>,
    running: ReadonlySet<string>,
  ) {
    const size = graph.ids.length;
    this.state = new Uint8Array(size);
    this.activeIn = new Uint8Array(size);
    this.unsettledParents = Int32Array.from(graph.parentCount);
    // A failure that fails the run stops all deciding, so find one before walking.
    for (const [id, outcome] of outcomes) {
      const at = graph.indexOf.get(id);
      if (at !== undefined && this.isFatal(at, outcome)) this.noteFailure(at);
    }
    for (const at of graph.topological) {
      const id = graph.ids[at] as string;
      const outcome = outcomes.get(id);
      if (outcome) {
        this.record(at, outcome);
        this.propagate(at);
      } else if (running.has(id)) {
        this.state[at] = RUNNING;
        this.started.add(id);
      } else if (this.failedAt < 0 && this.unsettledParents[at] === 0 && this.resolve(at)) {
        this.propagate(at);
      }
    }
    this.cascading = true;
    this.latest = this.snapshot();
  }

  /** The latest decision (the constructor's, then each `settle`'s). */
  get decision(): SchedulerDecision {
    return this.latest;
  }

  /** Settled steps: reported outcomes plus the skips and pass-throughs decided here. */
  get outcomes(): ReadonlyMap<string, StepOutcome> {
    return this.recorded;
  }

  get running(): ReadonlySet<string> {
    return this.started;
  }

  /** Marks a ready step started; it leaves `ready`. Throws `internal.error` for any other step. */
  start(stepId: string): void {
    const at = this.positionOf(stepId);
    if (this.state[at] !== READY || this.failedAt >= 0) throw runnerBug('The step is not ready', stepId);
    this.state[at] = RUNNING;
    this.started.add(stepId);
    this.dequeue(at);
  }

  /**
   * Records the outcome of a ready or started step and returns the next decision. Throws
   * `internal.error` for a step that is not ready (parents pending) or already settled — skipped and
   * passed-through steps included: the tracker settled those itself.
   */
  settle(stepId: string, outcome: StepOutcome): SchedulerDecision {
    const at = this.positionOf(stepId);
    const state = this.state[at];
    if (state !== READY && state !== RUNNING) throw runnerBug('The step is not ready or running', stepId);
    if (state === READY) this.dequeue(at);
    this.started.delete(stepId);
    this.newlySkipped = [];
    this.newlyPassed = [];
    if (this.isFatal(at, outcome)) this.noteFailure(at);
    this.record(at, outcome);
    this.propagate(at);
    this.latest = this.snapshot();
    return this.latest;
  }

  /** Whether the edge carried the run on: see the README's Decisions. False for an unknown step. */
  edgeIsActive(edge: FlowEdge): boolean {
    const from = this.graph.indexOf.get(edge.from);
    return from !== undefined && this.graph.indexOf.has(edge.to) && this.emits(from, edge.when);
  }

  private positionOf(stepId: string): number {
    const at = this.graph.indexOf.get(stepId);
    if (at === undefined) throw runnerBug('No such step in this graph', stepId);
    return at;
  }

  private isFatal(at: number, outcome: StepOutcome): boolean {
    return (
      !this.graph.disabled[at] &&
      outcome.status === 'failed' &&
      (outcome.fatal === true || this.graph.onError[at] === 'fail')
    );
  }

  private noteFailure(at: number): void {
    if (this.failedAt < 0 || at < this.failedAt) this.failedAt = at;
  }

  private record(at: number, outcome: StepOutcome): void {
    const id = this.graph.ids[at] as string;
    if (!OUTCOME_STATUSES.includes(outcome?.status)) throw runnerBug('Unknown step outcome status', id);
    this.recorded.set(id, outcome);
    // A disabled step never runs, whatever status was recorded for it: its parents say what it did.
    if (this.graph.disabled[at]) this.state[at] = this.reached(at) ? PASSED : SKIPPED;
    else this.state[at] = outcome.status === 'skipped' ? SKIPPED : EXECUTED;
  }

  private reached(at: number): boolean {
    return this.graph.parentCount[at] === 0 || this.activeIn[at] === 1;
  }

  /** Decides a step whose parents have all settled; true when that settled it (skip, pass-through). */
  private resolve(at: number): boolean {
    if (this.reached(at) && !this.graph.disabled[at]) {
      this.state[at] = READY;
      this.enqueue(at);
      return false;
    }
    const passes = this.reached(at);
    this.state[at] = passes ? PASSED : SKIPPED;
    this.recorded.set(this.graph.ids[at] as string, SKIPPED_OUTCOME);
    (passes ? this.newlyPassed : this.newlySkipped).push(at);
    return true;
  }

  /** Tells a settled step's children; with a worklist, so a long skipped chain cannot overflow the stack. */
  private propagate(start: number): void {
    const pending = [start];
    while (pending.length > 0) {
      const at = pending.pop() as number;
      for (const { to, whens } of this.graph.out[at] as EdgeGroupList) {
        if (this.activeIn[to] === 0 && whens.some((when) => this.emits(at, when))) this.activeIn[to] = 1;
        this.unsettledParents[to] = (this.unsettledParents[to] as number) - 1;
        const decidable = this.cascading && this.failedAt < 0 && this.state[to] === UNRESOLVED;
        if (decidable && this.unsettledParents[to] === 0 && this.resolve(to)) pending.push(to);
      }
    }
  }

  /** Whether settled step `at` follows edges labelled `when` (undefined: unlabelled). */
  private emits(at: number, when: string | undefined): boolean {
    const state = this.state[at];
    if (state === PASSED) return when === undefined;
    if (state !== EXECUTED) return false;
    const outcome = this.recorded.get(this.graph.ids[at] as string) as StepOutcome;
    if (outcome.status === 'succeeded') return when === undefined || when === outcome.port;
    if (outcome.fatal === true) return false;
    const onError = this.graph.onError[at];
    if (onError === 'branch') return when === ERROR_PORT;
    return onError === 'continue' && when === undefined;
  }

  private enqueue(at: number): void {
    const queue = this.readyQueue;
    queue.splice(this.search(at), 0, at);
  }

  private dequeue(at: number): void {
    this.readyQueue.splice(this.search(at), 1);
  }

  /** Binary search: where `at` is, or would go, in the ready queue. */
  private search(at: number): number {
    const queue = this.readyQueue;
    let low = 0;
    let high = queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((queue[mid] as number) < at) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private snapshot(): SchedulerDecision {
    const ids = this.graph.ids;
    const failed = this.failedAt >= 0;
    const ready = failed ? [] : this.readyQueue.map((at) => ids[at] as string);
    const done = this.started.size === 0 && ready.length === 0;
    const inOrder = (positions: number[]) => positions.sort((a, b) => a - b).map((at) => ids[at] as string);
    return {
      ready,
      skip: inOrder(this.newlySkipped),
      passThrough: inOrder(this.newlyPassed),
      ...(failed ? { failedStep: ids[this.failedAt] as string } : {}),
      done,
      endedSteps: done && !failed ? this.endedSteps() : [],
    };
  }

  /** Executed steps from which no active edge leads (through disabled steps) to an executed step. */
  private endedSteps(): string[] {
    const { ids, out, topological } = this.graph;
    const goesOn = new Uint8Array(ids.length);
    for (let k = topological.length - 1; k >= 0; k--) {
      const at = topological[k] as number;
      if (this.state[at] !== EXECUTED && this.state[at] !== PASSED) continue;
      const onward = (out[at] as EdgeGroupList).some(
        ({ to, whens }) =>
          (this.state[to] === EXECUTED || (this.state[to] === PASSED && goesOn[to] === 1)) &&
          whens.some((when) => this.emits(at, when)),
      );
      goesOn[at] = onward ? 1 : 0;
    }
    return ids.filter((_, at) => this.state[at] === EXECUTED && goesOn[at] === 0);
  }
}

type EdgeGroupList = SchedulerGraph['out'][number];

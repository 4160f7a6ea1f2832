import type { FlowEdge, FlowGraph } from '../flows/definition/flow-definition.types.js';
import { RunTracker } from './run-tracker.js';
import { compileSchedulerGraph, type SchedulerGraph } from './scheduler-graph.js';
import type { SchedulerDecision, StepOutcome } from './scheduler.types.js';

/**
 * The run's control flow, as a pure function of the graph and the settled steps (architecture.md,
 * "How a run moves", step 3). Build one per flow version — or per forEach body, which is a graph of
 * its own — and cache it: construction compiles the graph in O(steps + edges) and the instance is
 * immutable, so runs in flight share it. Throws `flow.invalid_definition` for a cyclic graph.
 *
 * Two ways in, one answer: `decide` recomputes from the outcomes (O(steps + edges) per call: for
 * a run loaded from its checkpoints, or the editor), and `track` returns a per-run `RunTracker`
 * that updates incrementally as steps settle (what the runner's hot loop uses).
 */
export class RunScheduler {
  private readonly compiled: SchedulerGraph;

  constructor(graph: FlowGraph) {
    this.compiled = compileSchedulerGraph(graph);
  }

  /** Step ids in definition order (duplicates, which validation refuses, keep their first step). */
  get stepIds(): readonly string[] {
    return this.compiled.ids;
  }

  /**
   * What to do given the settled steps and those started but not settled (waiting steps count as
   * running). Ids of unknown steps are ignored; an id both settled and running counts as settled.
   */
  decide(
    outcomes: ReadonlyMap<string, StepOutcome>,
    running: ReadonlySet<string> = new Set(),
  ): SchedulerDecision {
    return this.track(outcomes, running).decision;
  }

  /** A per-run tracker resumed from checkpointed outcomes; its `decision` equals `decide`'s. */
  track(
    outcomes: ReadonlyMap<string, StepOutcome> = new Map(),
    running: ReadonlySet<string> = new Set(),
  ): RunTracker {
    return new RunTracker(this.compiled, outcomes, running);
  }

  /**
   * Whether an edge carried the run on, for the editor's "path taken" view. O(steps + edges): to ask
   * about many edges, `track(outcomes)` once and ask the tracker.
   */
  edgeIsActive(edge: FlowEdge, outcomes: ReadonlyMap<string, StepOutcome>): boolean {
    return this.track(outcomes).edgeIsActive(edge);
  }
}

import type { FieldProblem } from '../../errors/index.js';
import type { ExpressionCache } from '../../expressions/expression.cache.js';
import type { StepTypeRegistry } from '../../step-types/step-type.registry.js';
import type { AnyStepTypeDefinition } from '../../step-types/step-type.types.js';
import type { FlowEdge } from '../definition/flow-definition.types.js';
import { createUpstreamIndex, type UpstreamIndex } from '../graph/upstream-index.js';

/** What the validator knows of one step, however malformed the step is. */
export interface StepView {
  readonly pointer: string;
  readonly raw: Record<string, unknown>;
  readonly id?: string;
  readonly definition?: AnyStepTypeDefinition;
  readonly config?: Record<string, unknown>;
  /** The config passed its type's schema, so the type's functions may read it. */
  readonly configValid: boolean;
}

/** One graph — the definition or a nested body — with where it sits and what is in scope. */
export class GraphScope {
  readonly steps: StepView[] = [];
  /** First step of each id in this graph. */
  readonly byId = new Map<string, StepView>();
  /** Edges whose ends are both steps of this graph. */
  readonly edges: FlowEdge[] = [];
  private index?: UpstreamIndex;

  constructor(
    readonly pointer: string,
    readonly rawEdges: readonly unknown[],
    readonly output: unknown,
    readonly locals: ReadonlySet<string>,
    readonly owner?: { scope: GraphScope; step: StepView },
  ) {}

  get upstream(): UpstreamIndex {
    return (this.index ??= createUpstreamIndex({
      steps: [...this.byId.values()] as { id: string }[],
      edges: this.edges,
    }));
  }
}

/** State of one `validateDefinition` call. */
export class ValidationRun {
  readonly problems: FieldProblem[] = [];
  readonly scopes: GraphScope[] = [];
  /** First step of each id anywhere in the definition: ids are unique across nested graphs. */
  readonly ids = new Map<string, StepView>();
  /** Every local any nested graph declares (to tell "out of scope" from "unknown"). */
  readonly allLocals: ReadonlySet<string>;
  private readonly paths = new Set<string>();
  private readonly keys = new Set<string>();

  constructor(
    readonly registry: StepTypeRegistry,
    readonly cache: ExpressionCache,
  ) {
    this.allLocals = new Set(registry.list().flatMap((d) => (d.nestedGraphs ?? []).flatMap((g) => g.locals)));
  }

  add(problem: FieldProblem): void {
    const key = `${problem.path}\u0000${problem.code}\u0000${problem.message}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.paths.add(problem.path);
    this.problems.push(problem);
  }

  /** Adds problems at paths that have none yet (a nested graph re-checks what its type's schema saw). */
  addNew(problems: readonly FieldProblem[]): void {
    for (const problem of problems.filter((p) => !this.paths.has(p.path))) this.add(problem);
  }
}

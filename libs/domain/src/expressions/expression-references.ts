import type { ExpressionAst, ExpressionReference, ReferenceSegment } from './expression.types.js';

/**
 * Children evaluated against the value produced by their node (filters, group-by, sort terms),
 * not against the evaluation context: a name inside them is a field of that value.
 */
const RELATIVE_KEYS = new Set(['stages', 'predicate', 'group', 'terms']);
/** Keys holding no sub-expressions (signatures carry functions, slots point at ancestors). */
const SKIPPED_KEYS = new Set(['type', 'value', 'position', 'signature', 'slot', 'ancestor', 'seekingParent']);

type Node = ExpressionAst;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** Names stop a reference after a step that filters, binds or indexes (the rest is relative). */
const endsReference = (step: Node): boolean =>
  step['stages'] !== undefined ||
  step['focus'] !== undefined ||
  step['index'] !== undefined ||
  step['group'] !== undefined;

const segmentOf = (step: Node, source: string): ReferenceSegment => {
  const name = String(step.value);
  const end = step.position ?? 0;
  const quoted = source[end - 1] === '`' && source[end - name.length - 2] === '`';
  return { name, start: end - name.length - (quoted ? 2 : 0), end };
};

class ReferenceCollector {
  readonly references: ExpressionReference[] = [];
  private readonly seen = new Set<object>();

  constructor(private readonly source: string) {}

  visit(value: unknown, atRoot: boolean): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, atRoot);
      return;
    }
    if (!isNode(value) || this.seen.has(value)) return;
    this.seen.add(value);
    if (value.type === 'path') this.visitPath(value, atRoot);
    // `| pattern | update |` evaluates its parts against the object being transformed.
    else this.visitChildren(value, value.type === 'transform' ? false : atRoot);
  }

  private visitChildren(node: Node, atRoot: boolean): void {
    for (const key of Object.keys(node)) {
      if (SKIPPED_KEYS.has(key)) continue;
      this.visit(node[key], RELATIVE_KEYS.has(key) ? false : atRoot);
    }
  }

  private visitPath(path: Node, atRoot: boolean): void {
    const steps = (path.steps ?? []) as Node[];
    let first = 0;
    let rooted = atRoot;
    const head = steps[0];
    // `$$` is the context root anywhere; `$` is it only where the context is the root.
    if (head?.type === 'variable' && (head.value === '$' || (head.value === '' && atRoot))) {
      rooted = true;
      first = 1;
    }
    if (rooted) this.collect(steps, first);
    steps.forEach((step, index) => {
      if (step.type === 'name') this.visitChildren(step, false);
      else this.visit(step, index === 0 ? atRoot : false);
    });
    if (path['group'] !== undefined) this.visit(path['group'], false);
  }

  private collect(steps: Node[], from: number): void {
    const segments: ReferenceSegment[] = [];
    for (let i = from; i < steps.length; i++) {
      const step = steps[i] as Node;
      if (step.type !== 'name') break;
      segments.push(segmentOf(step, this.source));
      if (endsReference(step)) break;
    }
    const [root, second] = segments;
    if (!root) return;
    const path = segments.map((s) => s.name);
    const last = segments[segments.length - 1] as ReferenceSegment;
    this.references.push({
      root: root.name,
      path,
      ...(root.name === 'steps' && second ? { stepId: second.name } : {}),
      segments,
      start: root.start,
      end: last.end,
    });
  }
}

/**
 * Every read of the evaluation context in an expression, found by walking the JSONata AST:
 * a path whose first step is a name evaluated against the context (not inside a filter,
 * group-by or a later path step, where names are fields of the current value).
 */
export const extractReferences = (ast: ExpressionAst, source: string): ExpressionReference[] => {
  const collector = new ReferenceCollector(source);
  collector.visit(ast, true);
  return collector.references.sort((a, b) => a.start - b.start);
};

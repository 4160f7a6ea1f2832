import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanField } from '../../expressions/expression-fields.js';
import { stepTypeRegistry } from '../../step-types/step-type.registry.js';
import { applyDiff, diffDefinitions, isEmptyDiff, normalizeDefinition } from '../diff/diff-definitions.js';
import { exampleDefinition } from '../definition/example-definition.js';
import type { FlowDefinition, FlowEdge, FlowStep, OnErrorMode } from '../definition/flow-definition.types.js';
import { applyOperation, type FlowOperation } from './flow-operations.js';
import { topologicalOrder } from '../graph/graph.js';
import { forEachString, isRecord } from '../definition/json-value.js';
import { stepPorts } from '../graph/step-ports.js';
import { validateDefinition } from '../validation/validate-definition.js';

// Valid definitions are generated as DAGs: step i may only have parents among steps 0..i-1, edge
// labels come from the parent's real ports, and a step's expressions read only its direct parents
// (an invariant the edit generator below keeps, so every edit keeps the definition valid).

const ID_POOL = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
const KINDS = ['transform', 'condition', 'setVariable', 'http', 'switch', 'delay'] as const;
type Kind = (typeof KINDS)[number];

const configOf = (kind: Kind, id: string, ref: string | undefined): Record<string, unknown> => {
  const read = ref ? `steps.${ref}.output` : 'input.value';
  const configs: Record<Kind, Record<string, unknown>> = {
    transform: { expression: `${read} + 1` },
    condition: { expression: `${read}.ok = true` },
    setVariable: { name: `v_${id}`, value: `{{ ${read} }}` },
    http: {
      method: 'POST',
      url: `https://x.example/${id}/{{ input.id }}`,
      body: { r: `{{ ${read} }}`, n: 1 },
    },
    switch: {
      expression: read,
      cases: [
        { name: 'a', value: 'a' },
        { name: 'b', value: 'b' },
      ],
    },
    delay: { mode: 'duration', durationMs: 1_000 },
  };
  return configs[kind];
};

const portsOf = (step: FlowStep): string[] =>
  stepPorts(stepTypeRegistry.require(step.type), step.config, step.onError);

const stepSeed = fc.record({
  kind: fc.constantFrom(...KINDS),
  parents: fc.array(fc.nat(), { maxLength: 3 }),
  whenSeed: fc.nat(),
  readsParent: fc.boolean(),
  name: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
  onError: fc.option(fc.constantFrom<OnErrorMode>('fail', 'continue', 'branch'), { nil: undefined }),
  retry: fc.option(
    fc.record({
      maxAttempts: fc.integer({ min: 1, max: 10 }),
      backoff: fc.constantFrom('fixed' as const, 'exponential' as const),
    }),
    { nil: undefined },
  ),
  position: fc.option(
    fc.record({ x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) }),
    { nil: undefined },
  ),
});

type StepSeed = typeof stepSeed extends fc.Arbitrary<infer T> ? T : never;

const validDefinition: fc.Arbitrary<FlowDefinition> = fc
  .record({
    ids: fc.shuffledSubarray(ID_POOL, { minLength: 1 }),
    seeds: fc.array(stepSeed, { minLength: ID_POOL.length, maxLength: ID_POOL.length }),
    outputSeed: fc.option(fc.nat(), { nil: undefined }),
    settings: fc.option(fc.record({ maxConcurrency: fc.integer({ min: 1, max: 100 }) }), { nil: undefined }),
  })
  .map(({ ids, seeds, outputSeed, settings }) => {
    const steps: FlowStep[] = [];
    const edges: FlowEdge[] = [];
    ids.forEach((id, i) => {
      const seed = seeds[i] as StepSeed;
      const parents = i === 0 ? [] : [...new Set(seed.parents.map((p) => ids[p % i] as string))];
      const ref = seed.readsParent ? parents[0] : undefined;
      const step: FlowStep = { id, type: seed.kind, config: configOf(seed.kind, id, ref) };
      if (seed.name !== undefined) step.name = seed.name;
      if (seed.onError !== undefined) step.onError = seed.onError;
      if (seed.retry !== undefined) step.retry = seed.retry;
      if (seed.position !== undefined) step.position = seed.position;
      steps.push(step);
      for (const parent of parents) {
        const ports = [undefined, ...portsOf(steps.find((s) => s.id === parent) as FlowStep)];
        const when = ports[seed.whenSeed % ports.length];
        edges.push(when === undefined ? { from: parent, to: id } : { from: parent, to: id, when });
      }
    });
    const def: FlowDefinition = { schemaVersion: 1, steps, edges };
    if (outputSeed !== undefined)
      def.output = { result: `{{ steps.${ids[outputSeed % ids.length]}.output }}` };
    if (settings !== undefined) def.settings = settings;
    return def;
  });

/** Steps a step's expressions read, by the same parser the validator uses. */
const readsOf = (step: FlowStep): Set<string> => {
  const reads = new Set<string>();
  for (const { field, kind } of stepTypeRegistry.get(step.type)?.expressionFields ?? []) {
    forEachString(step.config[field], '', (text) => {
      for (const { result } of scanField(text, kind).expressions) {
        if (result.ok) result.expression.references.forEach((r) => r.stepId && reads.add(r.stepId));
      }
    });
  }
  return reads;
};

const outputReads = (def: FlowDefinition): Set<string> => {
  const reads = new Set<string>();
  forEachString(def.output, '', (text) => {
    for (const { result } of scanField(text, 'template').expressions) {
      if (result.ok) result.expression.references.forEach((r) => r.stepId && reads.add(r.stepId));
    }
  });
  return reads;
};

const freshId = (def: FlowDefinition): string => {
  for (let i = 0; ; i++) if (!def.steps.some((s) => s.id === `n${i}`)) return `n${i}`;
};

/** Turns random numbers into an edit that is valid for `def`, or undefined when none applies. */
const editFor = (
  def: FlowDefinition,
  [kind, x, y, z]: [number, number, number, number],
): FlowOperation | undefined => {
  const steps = def.steps;
  const pick = <T>(items: readonly T[], seed: number): T | undefined =>
    items[seed % Math.max(items.length, 1)];
  const step = pick(steps, x);
  const edits: (() => FlowOperation | undefined)[] = [
    () => ({
      type: 'addStep',
      step: { id: freshId(def), type: 'transform', config: { expression: 'input.x * 2' } },
    }),
    () => {
      const order = topologicalOrder(def);
      const i = x % order.length;
      const j = y % order.length;
      if (i === j) return undefined;
      const [from, to] = [order[Math.min(i, j)] as string, order[Math.max(i, j)] as string];
      const ports = [undefined, ...portsOf(steps.find((s) => s.id === from) as FlowStep)];
      const when = pick(ports, z);
      const edge = when === undefined ? { from, to } : { from, to, when };
      const exists = def.edges.some((e) => e.from === from && e.to === to && e.when === edge.when);
      return exists ? undefined : { type: 'connect', edge };
    },
    () => {
      const edge = pick(def.edges, x);
      if (!edge) return undefined;
      const target = steps.find((s) => s.id === edge.to) as FlowStep;
      const others = def.edges.filter((e) => e !== edge && e.from === edge.from && e.to === edge.to);
      return readsOf(target).has(edge.from) && others.length === 0 ? undefined : { type: 'disconnect', edge };
    },
    () => {
      const leaves = steps.filter(
        (s) => !def.edges.some((e) => e.from === s.id) && !outputReads(def).has(s.id),
      );
      const leaf = pick(leaves, x);
      return leaf && steps.length > 1 ? { type: 'removeStep', stepId: leaf.id } : undefined;
    },
    () => step && { type: 'renameStep', stepId: step.id, newId: freshId(def) },
    () => step && { type: 'moveStep', stepId: step.id, position: { x: y, y: z } },
    () =>
      step && {
        type: 'updateStep',
        stepId: step.id,
        changes: {
          name: `s${y}`,
          notes: null,
          timeoutMs: 1 + (z % 600_000),
          retry: { maxAttempts: 1 + (y % 10) },
        },
      },
    () => {
      if (!step) return undefined;
      const branching = def.edges.some((e) => e.from === step.id && e.when === 'error');
      const onError = branching ? 'branch' : (['fail', 'continue', 'branch'] as const)[y % 3];
      return { type: 'updateStep', stepId: step.id, changes: { onError } };
    },
    () => {
      const parent = step && def.edges.find((e) => e.to === step.id)?.from;
      return step?.type === 'transform' && parent
        ? {
            type: 'updateStep',
            stepId: step.id,
            changes: { config: { expression: `steps.${parent}.output ~> $string()` } },
          }
        : undefined;
    },
    () =>
      y % 3 === 0 ? { type: 'setOutput' } : { type: 'setOutput', output: `{{ steps.${step?.id}.output }}` },
    () => ({ type: 'updateSettings', settings: { timeoutMs: y % 2 === 0 ? null : 1_000 + (z % 1_000_000) } }),
    () => ({
      type: 'setInputSchema',
      inputSchema: { type: 'object', properties: { [`p${y % 5}`]: { type: 'string' } } },
    }),
  ];
  return (edits[kind % edits.length] as () => FlowOperation | undefined)();
};

const deepFreeze = <T>(value: T): T => {
  if (isRecord(value) || Array.isArray(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
};

const editSeeds = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { maxLength: 25 });

describe('flow definition properties', () => {
  it('the generator makes valid definitions', () => {
    fc.assert(
      fc.property(validDefinition, (def) => {
        expect(validateDefinition(def).problems).toEqual([]);
      }),
    );
  });

  it('applyDiff(a, diff(a, b)) equals b, for any valid a and b', () => {
    fc.assert(
      fc.property(validDefinition, validDefinition, (a, b) => {
        expect(normalizeDefinition(applyDiff(a, diffDefinitions(a, b)))).toEqual(normalizeDefinition(b));
      }),
    );
  });

  it('diff(a, a) is empty, also against a reordered copy', () => {
    fc.assert(
      fc.property(validDefinition, (a) => {
        expect(isEmptyDiff(diffDefinitions(a, a))).toBe(true);
        const reordered = { ...a, steps: [...a.steps].reverse(), edges: [...a.edges].reverse() };
        const copy = JSON.parse(JSON.stringify(reordered)) as FlowDefinition;
        expect(isEmptyDiff(diffDefinitions(a, copy))).toBe(true);
      }),
    );
  });

  it('random sequences of valid edits keep a definition valid and never mutate it', () => {
    fc.assert(
      fc.property(validDefinition, editSeeds, (start, seeds) => {
        let def = deepFreeze(start);
        for (const seed of seeds) {
          const op = editFor(def, seed);
          if (!op) continue;
          def = deepFreeze(applyOperation(def, op));
          expect({ op, problems: validateDefinition(def).problems }).toEqual({ op, problems: [] });
        }
      }),
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(validateDefinition(value).ok).toBe(false);
      }),
    );
  });

  it('never throws on a valid definition with one part replaced by junk', () => {
    const paths = (value: unknown, at: (string | number)[] = []): (string | number)[][] =>
      isRecord(value) || Array.isArray(value)
        ? [
            at,
            ...Object.entries(value).flatMap(([k, v]) =>
              paths(v, [...at, Array.isArray(value) ? Number(k) : k]),
            ),
          ]
        : [at];
    fc.assert(
      fc.property(fc.nat(), fc.jsonValue({ maxDepth: 2 }), (seed, junk) => {
        const def = exampleDefinition() as unknown as Record<string, unknown>;
        const all = paths(def).filter((p) => p.length > 0);
        const path = all[seed % all.length] as (string | number)[];
        let parent: Record<string | number, unknown> = def;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        parent[path[path.length - 1] as string | number] = junk;
        expect(() => validateDefinition(def)).not.toThrow();
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { definition, problemsOf, transform } from '../../testing/definition-builders.js';
import { validateDefinition } from './validate-definition.js';

describe('validateDefinition: edges and graph', () => {
  it('rejects edges to unknown steps, and to steps of another graph', () => {
    const loop = {
      id: 'loop',
      type: 'forEach',
      config: { items: 'input.x', body: { steps: [transform('inner')], edges: [] } },
    };
    expect(
      problemsOf(
        definition(
          [transform('a'), loop],
          [
            { from: 'a', to: 'ghost' },
            { from: 'a', to: 'inner' },
          ],
        ),
      ),
    ).toEqual([
      ['/edges/0/to', 'edge.unknown_step'],
      ['/edges/1/to', 'edge.unknown_step'],
    ]);
  });

  it('rejects duplicate edges but allows two ports to the same step', () => {
    const check = { id: 'check', type: 'condition', config: { expression: 'true' } };
    const edges = [
      { from: 'check', to: 'b', when: 'true' },
      { from: 'check', to: 'b', when: 'false' },
      { from: 'check', to: 'b', when: 'true' },
    ];
    expect(problemsOf(definition([check, transform('b')], edges))).toEqual([['/edges/2', 'edge.duplicate']]);
  });

  it('rejects cycles, naming the steps', () => {
    const result = validateDefinition(
      definition(
        [transform('a'), transform('b'), transform('c')],
        [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: 'b' },
        ],
      ),
    );
    expect(result.problems).toEqual([
      { path: '/edges/2', code: 'graph.cycle', message: 'steps b → c → b form a cycle' },
    ]);
  });

  it('rejects a self-loop and a cycle inside a body', () => {
    const body = {
      steps: [transform('x'), transform('y')],
      edges: [
        { from: 'x', to: 'y' },
        { from: 'y', to: 'x' },
      ],
    };
    const loop = { id: 'loop', type: 'forEach', config: { items: 'input.x', body } };
    expect(problemsOf(definition([transform('a'), loop], [{ from: 'a', to: 'a' }]))).toEqual([
      ['/edges/0', 'graph.cycle'],
      ['/steps/1/config/body/edges/1', 'graph.cycle'],
    ]);
  });

  it('accepts the ports a step emits and rejects others', () => {
    const check = { id: 'check', type: 'condition', config: { expression: 'true' } };
    const edges = [
      { from: 'check', to: 'b', when: 'true' },
      { from: 'check', to: 'c', when: 'maybe' },
      { from: 'b', to: 'c', when: 'error' },
    ];
    const result = validateDefinition(definition([check, transform('b'), transform('c')], edges));
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['/edges/1/when', 'edge.invalid_port'],
      ['/edges/2/when', 'edge.invalid_port'],
    ]);
    expect(result.problems[0]?.message).toContain('"true", "false"');
  });

  it('adds the error port to a step that branches on error', () => {
    const steps = [transform('a', 'input', { onError: 'branch' }), transform('b')];
    expect(validateDefinition(definition(steps, [{ from: 'a', to: 'b', when: 'error' }])).ok).toBe(true);
  });

  it('accepts switch case ports and approval outcomes', () => {
    const route = {
      id: 'route',
      type: 'switch',
      config: { expression: 'input.k', cases: [{ name: 'gold', value: 1 }] },
    };
    const ask = { id: 'ask', type: 'approval', config: { options: ['ship', 'hold'], timeoutMs: 60_000 } };
    const edges = [
      { from: 'route', to: 'ask', when: 'gold' },
      { from: 'route', to: 'done', when: 'default' },
      { from: 'ask', to: 'done', when: 'hold' },
      { from: 'ask', to: 'done', when: 'timeout' },
    ];
    expect(problemsOf(definition([route, ask, transform('done')], edges))).toEqual([]);
  });

  it('does not check ports of a step whose config failed its schema (that problem is reported)', () => {
    const route = { id: 'route', type: 'switch', config: { expression: 'input.k' } };
    expect(
      problemsOf(definition([route, transform('b')], [{ from: 'route', to: 'b', when: 'gold' }])),
    ).toEqual([['/steps/0/config/cases', 'config.required']]);
  });

  it('rejects edges leaving a fail step', () => {
    const fail = { id: 'stop', type: 'fail', config: { message: 'no' } };
    expect(problemsOf(definition([fail, transform('b')], [{ from: 'stop', to: 'b' }]))).toEqual([
      ['/edges/0', 'edge.from_terminal'],
    ]);
  });
});

describe('validateDefinition: expressions', () => {
  it('rejects expressions that do not parse, giving the position', () => {
    const http = {
      id: 'call',
      type: 'http',
      config: { method: 'GET', url: 'https://x/{{ input.id + }}', headers: { a: '{{ input' } },
    };
    const result = validateDefinition(definition([transform('t', 'input.('), http]));
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['/steps/0/config/expression', 'expression.parse_error'],
      ['/steps/1/config/url', 'expression.parse_error'],
      ['/steps/1/config/headers/a', 'expression.parse_error'],
    ]);
    expect(result.problems[1]?.message).toMatch(/\(at 2\d\)$/);
  });

  it('accepts references to upstream steps, transitively', () => {
    const steps = [
      transform('a'),
      transform('b', 'steps.a.output'),
      transform('c', 'steps.a.output + steps.b.output'),
    ];
    expect(
      validateDefinition(
        definition(steps, [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
        ]),
      ).ok,
    ).toBe(true);
  });

  it('rejects references to steps that are not upstream: siblings, downstream, itself', () => {
    const steps = [
      transform('a', 'steps.b.output'),
      transform('b', 'steps.b.status'),
      transform('c', 'steps.b.output'),
    ];
    const result = validateDefinition(definition(steps, [{ from: 'a', to: 'b' }]));
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([
      ['/steps/0/config/expression', 'expression.not_upstream'],
      ['/steps/1/config/expression', 'expression.not_upstream'],
      ['/steps/2/config/expression', 'expression.not_upstream'],
    ]);
    expect(result.problems[0]?.message).toBe('steps.b is not upstream of step "a" (at 0)');
  });

  it('rejects references to unknown steps and to fields a step does not have', () => {
    expect(
      problemsOf(
        definition(
          [transform('a'), transform('b', 'steps.ghost.output & steps.a.outptu')],
          [{ from: 'a', to: 'b' }],
        ),
      ),
    ).toEqual([
      ['/steps/1/config/expression', 'expression.unknown_step'],
      ['/steps/1/config/expression', 'expression.unknown_reference'],
    ]);
  });

  it('rejects names that are not in the evaluation context', () => {
    expect(problemsOf(definition([transform('a', 'customer.name')]))).toEqual([
      ['/steps/0/config/expression', 'expression.unknown_reference'],
    ]);
    expect(
      validateDefinition(definition([transform('a', 'input.x & vars.y & secrets.Z & run.id & $now()')])).ok,
    ).toBe(true);
  });

  it('allows item and index only inside a loop body', () => {
    const body = {
      steps: [transform('inner', 'item.price * index')],
      edges: [],
      output: '{{ steps.inner.output }}',
    };
    const loop = { id: 'loop', type: 'forEach', config: { items: 'input.items', body } };
    expect(validateDefinition(definition([loop])).ok).toBe(true);
    expect(problemsOf(definition([transform('a', 'item.price')]))).toEqual([
      ['/steps/0/config/expression', 'expression.out_of_scope'],
    ]);
  });

  it('lets a body read steps upstream of its loop, but not the loop itself, and not the outside read the body', () => {
    const body = { steps: [transform('inner', 'steps.before.output & steps.loop.output')], edges: [] };
    const loop = { id: 'loop', type: 'forEach', config: { items: 'steps.before.output', body } };
    const steps = [transform('before'), loop, transform('after', 'steps.inner.output')];
    expect(
      problemsOf(
        definition(steps, [
          { from: 'before', to: 'loop' },
          { from: 'loop', to: 'after' },
        ]),
      ),
    ).toEqual([
      ['/steps/2/config/expression', 'expression.not_upstream'],
      ['/steps/1/config/body/steps/0/config/expression', 'expression.not_upstream'],
    ]);
  });

  it('lets the output template read every step of its graph', () => {
    expect(
      validateDefinition(
        definition([transform('a'), transform('b')], [], {
          output: { x: '{{ steps.a.output }}', y: ['{{ steps.b.output }}'] },
        }),
      ).ok,
    ).toBe(true);
    expect(problemsOf(definition([transform('a')], [], { output: { x: ['{{ steps.z.output }}'] } }))).toEqual(
      [['/output/x/0', 'expression.unknown_step']],
    );
  });

  it('scans only the expression fields of a type (code source is not a template)', () => {
    const code = { id: 'c', type: 'code', config: { source: 'return `{{ not a template`;' } };
    expect(validateDefinition(definition([code])).ok).toBe(true);
  });
});

import {
  CompiledExpression,
  compileStepConfig,
  ExpressionCache,
  httpStepType,
  type AnyStepTypeDefinition,
  type EvaluationContext,
} from '@stepline/domain';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { report, type BenchFigures } from './harness.js';

// Cost of one expression evaluation, fast path vs JSONata, on a context shaped like a run's.
// Each sample times BATCH evaluations back to back (one evaluation is far below the timer's
// resolution); figures are medians over SAMPLES samples, reported per evaluation in µs.
//   fast (sync)     CompiledExpression.run: the fast path's closures, no promise
//   fast (await)    CompiledExpression.evaluate: the same through the async API the worker awaits
//   JSONata bounded what our evaluator runs when the fast path does not claim or defers
//                   (JSONata + time/depth/items hooks + result normalisation)
//   JSONata bare    jsonata(source).evaluate(context), no bounds: JSONata's own cost
// No timing is asserted.

const BATCH = 2_000;
const SAMPLES = 25;
const WARMUP = 5;

const context: EvaluationContext = {
  input: {
    first: 'Ada',
    last: 'Lovelace',
    quantity: 3,
    price: 19.99,
    active: true,
    items: Array.from({ length: 10 }, (_, i) => ({ sku: `sku-${i}`, price: i * 1.5 })),
  },
  steps: {
    lookup: {
      status: 'succeeded',
      output: { status: 200, body: { tier: 'vip', score: 72, name: 'Ada L.' } },
    },
  },
  vars: { region: 'eu' },
  secrets: {},
  run: { id: 'run_1', flowId: 'flow_1', version: 3, startedAt: '2026-12-01T00:00:00.000Z', trigger: 'api' },
};

const CASES = [
  { name: 'path', source: 'steps.lookup.output.body.tier' },
  { name: 'arithmetic', source: 'input.quantity * input.price + 1' },
  { name: 'comparison', source: 'steps.lookup.output.body.score >= 50' },
  { name: 'boolean', source: "input.active and steps.lookup.output.body.tier = 'vip'" },
  { name: 'string concat', source: 'input.first & " " & input.last' },
  { name: '$sum(items.price) (JSONata only)', source: '$sum(input.items.price)' },
] as const;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;

/** Times BATCH calls per sample; `run` may return a promise, which is awaited. */
const measureBatch = async (name: string, run: () => unknown): Promise<BenchFigures> => {
  const once = async (): Promise<number> => {
    const start = performance.now();
    for (let i = 0; i < BATCH; i++) {
      const value = run();
      if (value instanceof Promise) await value;
    }
    return performance.now() - start;
  };
  for (let i = 0; i < WARMUP; i++) await once();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) samples.push(await once());
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    name,
    iterations: SAMPLES,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    minMs: round(sorted[0] as number),
    maxMs: round(sorted[sorted.length - 1] as number),
    meanMs: round(samples.reduce((sum, s) => sum + s, 0) / samples.length),
  };
};

/** µs per evaluation from a batch's milliseconds. */
const perEvaluationUs = (figures: BenchFigures): number => Math.round((figures.medianMs / BATCH) * 1e6) / 1e3;

describe('expression evaluation benchmark', () => {
  it('measures the fast path next to JSONata for typical expressions', async () => {
    const cache = new ExpressionCache();
    const figures: BenchFigures[] = [];
    const rows: Record<string, Record<string, number | string>> = {};
    for (const { name, source } of CASES) {
      const compiled = CompiledExpression.compile(source, cache);
      const bare = jsonata(source);
      const expected: unknown = await bare.evaluate(context);
      expect(await compiled.evaluate(context)).toEqual(expected);
      // A twin that never takes the fast path: the evaluator's JSONata fallback, bounds included.
      const bounded = CompiledExpression.compile(source, cache, { fastPath: false });
      const boundedRun = () => bounded.evaluate(context);
      expect(await boundedRun()).toEqual(expected);

      const row: Record<string, number | string> = { fastPath: compiled.fastPath ? 'claimed' : 'JSONata' };
      if (compiled.fastPath) {
        const sync = await measureBatch(`${name}: fast (sync)`, () => compiled.run(context));
        const awaited = await measureBatch(`${name}: fast (await)`, () => compiled.evaluate(context));
        figures.push(sync, awaited);
        row['fast sync µs'] = perEvaluationUs(sync);
        row['fast await µs'] = perEvaluationUs(awaited);
      }
      const guarded = await measureBatch(`${name}: JSONata bounded`, boundedRun);
      const plain = await measureBatch(`${name}: JSONata bare`, () => bare.evaluate(context));
      figures.push(guarded, plain);
      row['JSONata bounded µs'] = perEvaluationUs(guarded);
      row['JSONata bare µs'] = perEvaluationUs(plain);
      rows[name] = row;
    }

    // A typical http step: URL, two headers and a body field, all templates the fast path claims.
    const http = compileStepConfig(httpStepType as AnyStepTypeDefinition, {
      method: 'POST',
      url: 'https://crm.example.com/customers/{{ steps.lookup.output.body.name }}?tier={{ steps.lookup.output.body.tier }}',
      headers: { 'X-Region': '{{ vars.region }}', 'X-Run': '{{ run.id }}' },
      body: { quantity: '{{ input.quantity }}', total: '{{ input.quantity * input.price }}' },
    });
    const resolve = await measureBatch('http config: resolve (await)', () => http.resolve(context));
    figures.push(resolve);
    rows['http config resolve (6 templates)'] = { 'fast await µs': perEvaluationUs(resolve) };

    console.log(`µs per evaluation (median of ${SAMPLES} samples × ${BATCH} evaluations):`);
    console.table(rows);
    await report('expressions', figures, { batch: BATCH, unit: 'ms per batch', perEvaluationUs: rows });
  });
});

import { mkdir, writeFile } from 'node:fs/promises';

// A tiny benchmark harness: warm up, run N timed iterations, report median / p95 / min. Figures go
// to the console as a table and to bench/results/<suite>.json with the Node version and date, so
// docs/benchmarks.md can quote a file instead of a terminal. It never asserts on timings: shared
// CI machines are too noisy for that.

export interface BenchOptions {
  /** Timed iterations (default 30). */
  iterations?: number;
  /** Untimed iterations first, so the JIT and caches settle (default 5). */
  warmup?: number;
  /** Runs before each iteration, outside the timing (e.g. to empty a cache). */
  beforeEach?: () => void;
}

export interface BenchFigures {
  name: string;
  iterations: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/** Nearest-rank percentile of sorted samples. */
const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;

export const measure = (name: string, run: () => unknown, options: BenchOptions = {}): BenchFigures => {
  const { iterations = 30, warmup = 5, beforeEach } = options;
  for (let i = 0; i < warmup; i++) {
    beforeEach?.();
    run();
  }
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    beforeEach?.();
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    iterations,
    medianMs: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    minMs: round(sorted[0] as number),
    maxMs: round(sorted[sorted.length - 1] as number),
    meanMs: round(samples.reduce((sum, s) => sum + s, 0) / samples.length),
  };
};

/** Prints the figures and writes bench/results/<suite>.json; returns the file's URL. */
export const report = async (
  suite: string,
  figures: readonly BenchFigures[],
  extra: Record<string, unknown> = {},
): Promise<URL> => {
  console.table(Object.fromEntries(figures.map(({ name, ...rest }) => [name, rest])));
  const directory = new URL('./results/', import.meta.url);
  await mkdir(directory, { recursive: true });
  const file = new URL(`${suite}.json`, directory);
  const result = {
    suite,
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    figures,
    ...extra,
  };
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
};

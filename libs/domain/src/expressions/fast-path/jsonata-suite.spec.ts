import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import type { ExpressionAst } from '../expression.types.js';
import { compileFastPath } from './fast-path.compiler.js';
import { DEFER } from './jsonata-semantics.js';

// JSONata's own test suite (jsonata-js/jsonata test/test-suite, MIT), restricted to the case files
// holding at least one expression the fast path claims; see testdata/jsonata-suite/README.md.
// Every claimed case runs through the fast path: where it answers, the answer must be the suite's
// expected result and the very value JSONata returns; where the suite expects an error, it must
// defer (so JSONata raises it).

declare global {
  interface ImportMeta {
    glob<T>(pattern: string, options: { eager: true; import: 'default' }): Record<string, T>;
  }
}

interface SuiteCase {
  expr?: string;
  data?: unknown;
  dataset?: string | null;
  bindings?: Record<string, unknown>;
  result?: unknown;
  undefinedResult?: boolean;
  code?: string;
}

const groups = import.meta.glob<SuiteCase | SuiteCase[]>('../testdata/jsonata-suite/groups/*/*.json', {
  eager: true,
  import: 'default',
});
const datasets = import.meta.glob<unknown>('../testdata/jsonata-suite/datasets/*.json', {
  eager: true,
  import: 'default',
});

const inputOf = (testCase: SuiteCase): unknown => {
  if ('data' in testCase) return testCase.data;
  if (!testCase.dataset) return undefined;
  const data = datasets[`../testdata/jsonata-suite/datasets/${testCase.dataset}.json`];
  if (data === undefined) throw new Error(`dataset ${testCase.dataset} is not vendored`);
  return data;
};

interface Claimed {
  name: string;
  testCase: SuiteCase;
  fast: (input: unknown) => unknown;
}

const claimed: Claimed[] = [];
for (const [file, content] of Object.entries(groups)) {
  const cases = Array.isArray(content) ? content : [content];
  cases.forEach((testCase, i) => {
    if (typeof testCase.expr !== 'string') return;
    let ast: ExpressionAst;
    try {
      ast = jsonata(testCase.expr).ast() as unknown as ExpressionAst;
    } catch {
      return; // a parse-error case: nothing for the fast path to claim
    }
    const fast = compileFastPath(ast);
    const name = `${file.replace('../testdata/jsonata-suite/groups/', '')}${cases.length > 1 ? `#${i}` : ''}`;
    if (fast) claimed.push({ name, testCase, fast });
  });
}

describe('the fast path against JSONata’s own test suite', () => {
  it('claims a substantial part of the vendored cases', () => {
    expect(Object.keys(groups).length).toBeGreaterThan(150);
    expect(claimed.length).toBeGreaterThan(180);
  });

  it.each(claimed.map((c) => [c.name, c] as const))(
    '%s: answers exactly as JSONata or defers',
    async (_name, c) => {
      const { testCase, fast } = c;
      const input = inputOf(testCase);
      const answer = fast(input);
      if (testCase.code !== undefined) {
        expect(answer).toBe(DEFER);
        return;
      }
      if (answer === DEFER) return;
      if (testCase.undefinedResult) expect(answer).toBeUndefined();
      else expect(answer).toEqual(testCase.result);
      const actual: unknown = await jsonata(testCase.expr as string).evaluate(input, testCase.bindings);
      expect(Object.is(answer, actual)).toBe(true);
    },
  );

  it('answers (does not just defer) most of the claimed cases', () => {
    const answered = claimed.filter(
      (c) => c.testCase.code === undefined && c.fast(inputOf(c.testCase)) !== DEFER,
    );
    expect(answered.length).toBeGreaterThan(claimed.length / 2);
  });
});

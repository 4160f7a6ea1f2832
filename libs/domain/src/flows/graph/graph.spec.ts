import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors/index.js';
import {
  childrenOf,
  downstreamOf,
  findCycle,
  findCycles,
  leavesOf,
  parentsOf,
  rootsOf,
  topologicalOrder,
  upstreamOf,
  type GraphLike,
} from './graph.js';
import { createUpstreamIndex } from './upstream-index.js';

const graph = (ids: string, edges: string): GraphLike => ({
  steps: ids.split(' ').map((id) => ({ id })),
  edges: edges
    .split(' ')
    .filter(Boolean)
    .map((pair) => {
      const [from, to] = pair.split('>') as [string, string];
      return { from, to };
    }),
});

// a → b → d, a → c → d, e alone
const diamond = graph('a b c d e', 'a>b a>c b>d c>d');

describe('graph utilities', () => {
  it('lists parents and children, ignoring edges to unknown steps and repeated pairs', () => {
    const g = {
      ...diamond,
      edges: [...diamond.edges, { from: 'a', to: 'b', when: 'x' }, { from: 'a', to: 'zz' }],
    };
    expect(parentsOf(g, 'd')).toEqual(['b', 'c']);
    expect(childrenOf(g, 'a')).toEqual(['b', 'c']);
    expect(parentsOf(g, 'missing')).toEqual([]);
  });

  it('finds roots and leaves', () => {
    expect(rootsOf(diamond)).toEqual(['a', 'e']);
    expect(leavesOf(diamond)).toEqual(['d', 'e']);
  });

  it('orders parents before children, ties in step order', () => {
    expect(topologicalOrder(diamond)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(topologicalOrder(graph('d c b a', 'a>b b>c c>d'))).toEqual(['a', 'b', 'c', 'd']);
    expect(topologicalOrder(graph('x y a', 'a>y'))).toEqual(['x', 'a', 'y']);
  });

  it('refuses to order a cyclic graph', () => {
    try {
      topologicalOrder(graph('a b', 'a>b b>a'));
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('flow.invalid_definition');
    }
  });

  it('computes transitive upstream and downstream sets', () => {
    expect([...upstreamOf(diamond, 'd')].sort()).toEqual(['a', 'b', 'c']);
    expect([...upstreamOf(diamond, 'a')]).toEqual([]);
    expect([...downstreamOf(diamond, 'a')].sort()).toEqual(['b', 'c', 'd']);
  });

  it('answers upstream queries from an index, for DAGs and cyclic graphs alike', () => {
    const index = createUpstreamIndex(diamond);
    expect(index.isUpstream('a', 'd')).toBe(true);
    expect(index.isUpstream('d', 'a')).toBe(false);
    expect(index.isUpstream('e', 'd')).toBe(false);
    expect(index.upstream('d')).toEqual(['a', 'b', 'c']);
    const cyclic = createUpstreamIndex(graph('a b c', 'a>b b>c c>b'));
    expect(cyclic.upstream('c')).toEqual(['a', 'b', 'c']);
  });

  it('matches the traversal on a long chain (bitset words)', () => {
    const ids = Array.from({ length: 70 }, (_, i) => `s${i}`);
    const chain = {
      steps: ids.map((id) => ({ id })),
      edges: ids.slice(1).map((id, i) => ({ from: `s${i}`, to: id })),
    };
    const index = createUpstreamIndex(chain);
    expect(index.upstream('s69')).toEqual(ids.slice(0, 69));
    expect(index.isUpstream('s33', 's64')).toBe(true);
    expect(index.isUpstream('s64', 's33')).toBe(false);
  });

  it('returns no cycle for a DAG', () => {
    expect(findCycle(diamond)).toBeUndefined();
  });

  it('returns the steps of a cycle in edge order, one cycle per tangle', () => {
    expect(findCycle(graph('a b c d', 'a>b b>c c>d d>b'))).toEqual(['b', 'c', 'd']);
    expect(findCycles(graph('a b c d', 'a>a b>c c>b'))).toEqual([['a'], ['b', 'c']]);
  });
});

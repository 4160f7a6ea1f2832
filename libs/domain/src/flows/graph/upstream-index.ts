import { indexGraph, reach, topologicalPositions, type GraphIndex, type GraphLike } from './graph.js';

/** Answers "is A upstream of B" many times over one graph (every reference of every step). */
export interface UpstreamIndex {
  readonly graph: GraphIndex;
  isUpstream(ancestor: string, of: string): boolean;
  upstream(of: string): string[];
}

/**
 * For a DAG, ancestor sets are bitsets built in topological order (a parent's set OR its bit),
 * so a 500-step graph costs a few thousand word operations instead of one traversal per query.
 * A cyclic graph (already an error) falls back to one memoized traversal per step.
 */
export const createUpstreamIndex = (graph: GraphLike): UpstreamIndex => {
  const index = indexGraph(graph);
  const n = index.ids.length;
  const order = topologicalPositions(index);
  const ancestorsOf: (step: number) => (ancestor: number) => boolean =
    order.length === n ? bitsetAncestors(index, order) : traversalAncestors(index);
  const isUpstream = (ancestor: string, of: string): boolean => {
    const a = index.indexOf.get(ancestor);
    const b = index.indexOf.get(of);
    return a !== undefined && b !== undefined && ancestorsOf(b)(a);
  };
  const upstream = (of: string): string[] => {
    const b = index.indexOf.get(of);
    if (b === undefined) return [];
    const test = ancestorsOf(b);
    return index.ids.filter((_, i) => test(i));
  };
  return { graph: index, isUpstream, upstream };
};

const bitsetAncestors = (index: GraphIndex, order: number[]) => {
  const words = Math.ceil(index.ids.length / 32);
  const sets = index.ids.map(() => new Uint32Array(words));
  for (const node of order) {
    const set = sets[node] as Uint32Array;
    for (const parent of index.parents[node] as number[]) {
      const parentSet = sets[parent] as Uint32Array;
      for (let w = 0; w < words; w++) set[w] = (set[w] as number) | (parentSet[w] as number);
      set[parent >>> 5] = (set[parent >>> 5] as number) | (1 << (parent & 31));
    }
  }
  return (step: number) => {
    const set = sets[step] as Uint32Array;
    return (ancestor: number) => ((set[ancestor >>> 5] as number) & (1 << (ancestor & 31))) !== 0;
  };
};

const traversalAncestors = (index: GraphIndex) => {
  const memo = new Map<number, Set<number>>();
  return (step: number) => {
    let set = memo.get(step);
    if (!set) memo.set(step, (set = reach(index, step, 'parents')));
    const found = set;
    return (ancestor: number) => found.has(ancestor);
  };
};

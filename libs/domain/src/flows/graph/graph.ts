import { AppError } from '../../errors/index.js';
import type { FlowEdge } from '../definition/flow-definition.types.js';

/** Anything with steps (ids) and edges: a definition, a forEach body or an editor's state. */
export interface GraphLike {
  readonly steps: readonly { readonly id: string }[];
  readonly edges: readonly FlowEdge[];
}

/**
 * Adjacency by step index. Duplicate ids keep their first step; edges to unknown steps and
 * repeated parent/child pairs (edges that differ only in `when`) are dropped.
 */
export interface GraphIndex {
  readonly ids: readonly string[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly parents: readonly number[][];
  readonly children: readonly number[][];
}

export const indexGraph = (graph: GraphLike): GraphIndex => {
  const ids: string[] = [];
  const indexOf = new Map<string, number>();
  for (const step of graph.steps) {
    if (indexOf.has(step.id)) continue;
    indexOf.set(step.id, ids.length);
    ids.push(step.id);
  }
  const parents: number[][] = ids.map(() => []);
  const children: number[][] = ids.map(() => []);
  for (const edge of graph.edges) {
    const from = indexOf.get(edge.from);
    const to = indexOf.get(edge.to);
    if (from === undefined || to === undefined || (children[from] as number[]).includes(to)) continue;
    (children[from] as number[]).push(to);
    (parents[to] as number[]).push(from);
  }
  return { ids, indexOf, parents, children };
};

const idsOf = (index: GraphIndex, positions: readonly number[]): string[] =>
  positions.map((i) => index.ids[i] as string);

const neighbours = (graph: GraphLike, id: string, side: 'parents' | 'children'): string[] => {
  const index = indexGraph(graph);
  const at = index.indexOf.get(id);
  return at === undefined ? [] : idsOf(index, index[side][at] as number[]);
};

export const parentsOf = (graph: GraphLike, id: string): string[] => neighbours(graph, id, 'parents');
export const childrenOf = (graph: GraphLike, id: string): string[] => neighbours(graph, id, 'children');

/** Steps without incoming edges: where a run starts. */
export const rootsOf = (graph: GraphLike): string[] => {
  const index = indexGraph(graph);
  return index.ids.filter((_, i) => (index.parents[i] as number[]).length === 0);
};

/** Steps without outgoing edges: whose outputs make the default run output. */
export const leavesOf = (graph: GraphLike): string[] => {
  const index = indexGraph(graph);
  return index.ids.filter((_, i) => (index.children[i] as number[]).length === 0);
};

/** Kahn's algorithm; among ready steps the one listed first goes first, so the order is stable. */
export const topologicalPositions = (index: GraphIndex): number[] => {
  const remaining = index.parents.map((p) => p.length);
  const ready = remaining.flatMap((count, i) => (count === 0 ? [i] : []));
  const order: number[] = [];
  while (ready.length > 0) {
    const next = ready.shift() as number;
    order.push(next);
    for (const child of index.children[next] as number[]) {
      remaining[child] = (remaining[child] as number) - 1;
      if (remaining[child] === 0) insertSorted(ready, child);
    }
  }
  return order;
};

const insertSorted = (sorted: number[], value: number): void => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  sorted.splice(low, 0, value);
};

/** Parents before children, ties in step order. Throws `flow.invalid_definition` on a cycle. */
export const topologicalOrder = (graph: GraphLike): string[] => {
  const index = indexGraph(graph);
  const order = topologicalPositions(index);
  if (order.length < index.ids.length) {
    throw new AppError('flow.invalid_definition', 'The flow graph has a cycle', {
      detail: { cycle: findCycle(graph) },
    });
  }
  return idsOf(index, order);
};

/** Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the stack). */
const components = (index: GraphIndex): number[][] => {
  const n = index.ids.length;
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const result: number[][] = [];
  let counter = 0;
  for (let start = 0; start < n; start++) {
    if (order[start] !== -1) continue;
    const frames: [node: number, next: number][] = [[start, 0]];
    order[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [number, number];
      const [node, next] = frame;
      const children = index.children[node] as number[];
      if (next < children.length) {
        frame[1]++;
        const child = children[next] as number;
        if (order[child] === -1) {
          order[child] = low[child] = counter++;
          stack.push(child);
          onStack[child] = true;
          frames.push([child, 0]);
        } else if (onStack[child]) {
          low[node] = Math.min(low[node] as number, order[child] as number);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[node] as number);
      if (low[node] === order[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = false;
          component.push(member);
        } while (member !== node);
        result.push(component.sort((a, b) => a - b));
      }
    }
  }
  return result;
};

/** A shortest cycle through the component's first step, found by BFS inside the component. */
const cycleIn = (index: GraphIndex, component: number[]): number[] => {
  const start = component[0] as number;
  const members = new Set(component);
  const previous = new Map<number, number>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as number;
    for (const child of index.children[node] as number[]) {
      if (child === start) {
        const cycle = [node];
        while (cycle[0] !== start) cycle.unshift(previous.get(cycle[0] as number) as number);
        return cycle;
      }
      if (members.has(child) && !previous.has(child)) {
        previous.set(child, node);
        queue.push(child);
      }
    }
  }
  return [start];
};

/** One cycle per strongly connected part of the graph; `[a, b, c]` means a → b → c → a. */
export const findCycles = (graph: GraphLike): string[][] => {
  const index = indexGraph(graph);
  if (topologicalPositions(index).length === index.ids.length) return [];
  return components(index)
    .filter((c) => c.length > 1 || (index.children[c[0] as number] as number[]).includes(c[0] as number))
    .sort((a, b) => (a[0] as number) - (b[0] as number))
    .map((c) => idsOf(index, cycleIn(index, c)));
};

export const findCycle = (graph: GraphLike): string[] | undefined => findCycles(graph)[0];

export const reach = (index: GraphIndex, from: number, side: 'parents' | 'children'): Set<number> => {
  const seen = new Set<number>();
  const pending = [...(index[side][from] as number[])];
  while (pending.length > 0) {
    const node = pending.pop() as number;
    if (seen.has(node)) continue;
    seen.add(node);
    pending.push(...(index[side][node] as number[]));
  }
  return seen;
};

/** Transitive ancestors of a step (not the step itself unless it lies on a cycle). */
export const upstreamOf = (graph: GraphLike, id: string): Set<string> => {
  const index = indexGraph(graph);
  const at = index.indexOf.get(id);
  return new Set(at === undefined ? [] : idsOf(index, [...reach(index, at, 'parents')]));
};

/** Transitive descendants of a step. */
export const downstreamOf = (graph: GraphLike, id: string): Set<string> => {
  const index = indexGraph(graph);
  const at = index.indexOf.get(id);
  return new Set(at === undefined ? [] : idsOf(index, [...reach(index, at, 'children')]));
};

import type { TimelineStep } from './run-timeline';

/** A path's last loop level: `outer[1].inner[3]` → parent `outer[1]`, loop `inner`, index 3. */
const lastLevel = (path: string): { parent: string; loop: string; index: number } | null => {
  const match = /^(?:(.*)\.)?([^.[\]]+)\[(\d+)\]$/.exec(path);
  return match ? { parent: match[1] ?? '', loop: match[2] as string, index: Number(match[3]) } : null;
};

/** A timeline row, with where a loop iteration starts (its label) and how deep it is nested. */
export type NestedTimelineStep = TimelineStep & { depth: number; iterationLabel?: string };

/**
 * Groups the step runs of forEach bodies (paths `loop[3]`, `outer[1].inner[0]`) by iteration
 * under their loop step: the loop's row, then iteration 0's steps, iteration 1's … (each in the
 * order they started), nested loops inside. Rows whose loop step is not listed (it has not
 * settled or started yet) follow, grouped the same way. Top-level order is kept.
 */
export const nestIterations = (timeline: readonly TimelineStep[]): NestedTimelineStep[] => {
  const byPath = new Map<string, TimelineStep[]>();
  for (const step of timeline) {
    const rows = byPath.get(step.path);
    if (rows) rows.push(step);
    else byPath.set(step.path, [step]);
  }
  // Iteration paths of each loop step, keyed `<parent path>|<loop id>`, by index.
  const iterations = new Map<string, Array<{ path: string; index: number }>>();
  for (const path of byPath.keys()) {
    const level = lastLevel(path);
    if (!level) continue;
    const key = `${level.parent}|${level.loop}`;
    const list = iterations.get(key) ?? [];
    list.push({ path, index: level.index });
    iterations.set(key, list);
  }
  const out: NestedTimelineStep[] = [];
  const emitted = new Set<string>();
  const emitIterations = (parent: string, loop: string, depth: number) => {
    const list = (iterations.get(`${parent}|${loop}`) ?? []).sort((a, b) => a.index - b.index);
    for (const { path, index } of list) {
      if (emitted.has(path)) continue;
      emitted.add(path);
      (byPath.get(path) ?? []).forEach((step, i) => {
        out.push({ ...step, depth, ...(i === 0 ? { iterationLabel: `${loop} · item ${index}` } : {}) });
        emitIterations(path, step.stepId, depth + 1);
      });
    }
  };
  for (const step of byPath.get('') ?? []) {
    out.push({ ...step, depth: 0 });
    emitIterations('', step.stepId, 1);
  }
  // Iterations of loops not listed yet (the loop step is still running: no row for it).
  for (const [key] of iterations) {
    const [parent, loop] = key.split('|') as [string, string];
    if (parent === '' || emitted.has(parent)) emitIterations(parent, loop, parent.split('.').length);
  }
  for (const [path, rows] of byPath) {
    if (path !== '' && !emitted.has(path)) for (const step of rows) out.push({ ...step, depth: 1 });
  }
  return out;
};

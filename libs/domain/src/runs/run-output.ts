/**
 * The run output when the definition has no `output` template: `{ [stepId]: output }` for each step
 * that ended the run (`SchedulerDecision.endedSteps`), in that order. Always an object keyed by
 * step id — even for a single ended step, and with `null` for a step that produced no output — so
 * the output's shape depends on the graph, not on which branch a run took to reach it or on how
 * many ends there were: SDK users can type it and read `output.<stepId>` without guessing.
 */
export const defaultRunOutput = (
  endedSteps: readonly string[],
  outputs: ReadonlyMap<string, unknown>,
): Record<string, unknown> =>
  // fromEntries defines own properties, so an id such as `constructor` is just a key.
  Object.fromEntries(endedSteps.map((id) => [id, outputs.get(id) ?? null]));

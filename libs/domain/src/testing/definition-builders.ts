import { validateDefinition } from '../flows/validation/validate-definition.js';

/** Builders of the validateDefinition specs: loose JSON, so a spec can build invalid definitions too. */

export type Json = Record<string, unknown>;

export const transform = (id: string, expression = 'input', extra: Json = {}): Json => ({
  id,
  type: 'transform',
  config: { expression },
  ...extra,
});

export const definition = (steps: Json[], edges: Json[] = [], extra: Json = {}): Json => ({
  schemaVersion: 1,
  steps,
  edges,
  ...extra,
});

/** [path, code] of every problem, the form the assertions read best in. */
export const problemsOf = (def: unknown): [string, string][] =>
  validateDefinition(def).problems.map((p) => [p.path, p.code]);

/**
 * Stable codes of definition problems (clients and tests match on these). Schema failures use
 * `schema.<keyword>` for the definition's shape and `config.<keyword>` for a step's config
 * (e.g. `schema.required`, `config.unknown_property`, `config.minimum`); types' own semantic
 * checks add `config.*` codes such as `config.duplicate_name`.
 */
export const DEFINITION_PROBLEM = {
  invalidId: 'step.invalid_id',
  duplicateId: 'step.duplicate_id',
  unknownType: 'step.unknown_type',
  invalidRetry: 'step.invalid_retry',
  edgeUnknownStep: 'edge.unknown_step',
  edgeDuplicate: 'edge.duplicate',
  edgeInvalidPort: 'edge.invalid_port',
  edgeFromTerminal: 'edge.from_terminal',
  cycle: 'graph.cycle',
  parseError: 'expression.parse_error',
  notUpstream: 'expression.not_upstream',
  unknownStep: 'expression.unknown_step',
  unknownReference: 'expression.unknown_reference',
  outOfScope: 'expression.out_of_scope',
  invalidInputSchema: 'input_schema.invalid',
} as const;

export type DefinitionProblemCode = (typeof DEFINITION_PROBLEM)[keyof typeof DEFINITION_PROBLEM];

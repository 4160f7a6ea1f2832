// The flow-definition core shared by API, worker, editor and SDK, by concern:
// definition/ (types, schema, walking), graph/ (ordering, reachability, ports), validation/
// (validateDefinition and its rules, expression scope), operations/ (edits and their shape
// checks), diff/ (version diff).
export * from './definition/flow-definition.types.js';
export * from './definition/flow-definition.schema.js';
export * from './definition/definition-walk.js';
export * from './definition/example-definition.js';
export {
  checkSchema,
  compileSchema,
  compileUserSchema,
  schemaProblems,
} from './definition/json-schema.validator.js';
export { jsonEqual } from './definition/json-value.js';
export * from './graph/graph.js';
export * from './graph/upstream-index.js';
export * from './graph/step-ports.js';
export * from './validation/definition-problem-codes.js';
export * from './validation/validate-definition.js';
export * from './validation/expression-scope.js';
export * from './operations/flow-operations.js';
export * from './operations/draft-shape.js';
export * from './diff/diff-definitions.js';

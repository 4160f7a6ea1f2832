export * from './expression.types.js';
export * from './template.parser.js';
export { parseAst, parseExpression, toExpressionError } from './expression.parser.js';
export * from './expression-references.js';
export * from './expression.cache.js';
export * from './expression-fields.js';

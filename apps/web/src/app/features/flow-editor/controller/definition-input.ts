import { draftShapeProblems, emptyDefinition, type FlowDefinition } from '@stepline/domain';

/**
 * The API's JSON scalar typed as a definition, after the same shape check the API applies before
 * it stores a draft; a draft that fails it (it never should) opens as an empty one instead of
 * crashing the canvas.
 */
export const asDefinition = (value: unknown): FlowDefinition =>
  draftShapeProblems(value, '').length === 0 ? (value as FlowDefinition) : emptyDefinition();

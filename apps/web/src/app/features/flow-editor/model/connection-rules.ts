import {
  applyOperation,
  isAppError,
  stepTypeRegistry,
  validateDefinition,
  type FlowDefinition,
  type FlowEdge,
  type StepTypeRegistry,
} from '@stepline/domain';

/** Problem codes of the validator that make an edge one the canvas refuses to draw. */
const REFUSING_CODES = new Set([
  'graph.cycle',
  'edge.invalid_port',
  'edge.from_terminal',
  'edge.unknown_step',
]);

export type ConnectionCheck = { ok: true; definition: FlowDefinition } | { ok: false; reason: string };

/**
 * Whether `edge` may be added, decided by the shared domain: the `connect` operation (unknown
 * step, duplicate edge, edge across graphs) and then the validator on the result (cycles, ports
 * the source cannot emit, terminal sources). Problems the definition had before are ignored, so
 * an already-invalid draft can still be edited.
 */
export const checkConnection = (
  definition: FlowDefinition,
  edge: FlowEdge,
  registry: StepTypeRegistry = stepTypeRegistry,
): ConnectionCheck => {
  if (edge.from === edge.to) return { ok: false, reason: 'A step cannot connect to itself.' };
  let next: FlowDefinition;
  try {
    next = applyOperation(definition, { type: 'connect', edge }, { registry });
  } catch (error) {
    if (isAppError(error))
      return { ok: false, reason: sentence(error.problems[0]?.message ?? error.message) };
    throw error;
  }
  const before = new Set(
    validateDefinition(definition, { registry }).problems.map((p) => `${p.code} ${p.message}`),
  );
  const introduced = validateDefinition(next, { registry }).problems.find(
    (p) => REFUSING_CODES.has(p.code) && !before.has(`${p.code} ${p.message}`),
  );
  return introduced ? { ok: false, reason: sentence(introduced.message) } : { ok: true, definition: next };
};

const sentence = (message: string): string => {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

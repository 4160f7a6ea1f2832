/**
 * Foblex connects connectors, not nodes: every port of a step is a connector with a stable id
 * derived from the step id and the edge label it emits. Step ids match `^[a-z][a-z0-9_]*$` and
 * port names `[A-Za-z0-9_-]`, so `|` never occurs inside either.
 */
export const TRIGGER_NODE_ID = '__trigger';

/** The success port of a step without labelled ports: edges from it carry no `when`. */
export const NEXT_PORT = '';

export const outputConnectorId = (stepId: string, port: string): string => `out|${stepId}|${port}`;
export const inputConnectorId = (stepId: string): string => `in|${stepId}`;

export const parseConnectorId = (
  id: string,
): { kind: 'out'; stepId: string; port: string } | { kind: 'in'; stepId: string } | undefined => {
  const [kind, stepId, port] = id.split('|');
  if (!stepId) return undefined;
  if (kind === 'out' && port !== undefined) return { kind, stepId, port };
  if (kind === 'in') return { kind, stepId };
  return undefined;
};

export const connectionId = (edge: { from: string; to: string; when?: string }): string =>
  `e|${edge.from}|${edge.to}|${edge.when ?? ''}`;

export const parseConnectionId = (id: string): { from: string; to: string; when?: string } | undefined => {
  const [kind, from, to, when] = id.split('|');
  if (kind !== 'e' || !from || !to || when === undefined) return undefined;
  return when === '' ? { from, to } : { from, to, when };
};

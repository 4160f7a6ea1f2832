import { DEFINITION_PROBLEM } from './definition-problem-codes.js';
import { findCycles } from '../graph/graph.js';
import { isRecord } from '../definition/json-value.js';
import { stepPorts } from '../graph/step-ports.js';
import type { GraphScope, ValidationRun } from './validation-scope.js';

/** Edges of one graph: known ends, no duplicates, labels the source can emit; then cycles. */
export const checkGraph = (run: ValidationRun, scope: GraphScope): void => {
  const seen = new Set<string>();
  const firstEdgeBetween = new Map<string, number>();
  scope.rawEdges.forEach((raw, j) => {
    if (!isRecord(raw)) return;
    const { from, to, when } = raw;
    if (typeof from !== 'string' || typeof to !== 'string') return;
    const at = `${scope.pointer}/edges/${j}`;
    const key = `${from}\u0000${to}\u0000${typeof when === 'string' ? when : ''}`;
    if (seen.has(key)) {
      run.add({
        path: at,
        code: DEFINITION_PROBLEM.edgeDuplicate,
        message: `edge ${from} → ${to} is listed twice`,
      });
      return;
    }
    seen.add(key);
    const fromKnown = checkEnd(run, scope, from, `${at}/from`);
    const toKnown = checkEnd(run, scope, to, `${at}/to`);
    if (!fromKnown || !toKnown) return;
    scope.edges.push({ from, to, ...(typeof when === 'string' ? { when } : {}) });
    if (!firstEdgeBetween.has(`${from}\u0000${to}`)) firstEdgeBetween.set(`${from}\u0000${to}`, j);
    checkPort(run, scope, from, when, at);
  });
  for (const cycle of findCycles({
    steps: [...scope.byId.values()] as { id: string }[],
    edges: scope.edges,
  })) {
    const closing = firstEdgeBetween.get(`${cycle[cycle.length - 1]}\u0000${cycle[0]}`);
    run.add({
      path: `${scope.pointer}/edges/${closing ?? 0}`,
      code: DEFINITION_PROBLEM.cycle,
      message: `steps ${[...cycle, cycle[0]].join(' → ')} form a cycle`,
    });
  }
};

const checkEnd = (run: ValidationRun, scope: GraphScope, id: string, path: string): boolean => {
  if (scope.byId.has(id)) return true;
  const message = run.ids.has(id) ? `step "${id}" is in another graph` : `no step "${id}"`;
  run.add({ path, code: DEFINITION_PROBLEM.edgeUnknownStep, message });
  return false;
};

const checkPort = (run: ValidationRun, scope: GraphScope, from: string, when: unknown, at: string): void => {
  const source = scope.byId.get(from);
  if (!source?.definition) return;
  if (source.definition.terminal) {
    run.add({
      path: at,
      code: DEFINITION_PROBLEM.edgeFromTerminal,
      message: `a ${source.definition.type} step ends the run`,
    });
    return;
  }
  // Ports depend on the config; when it failed its schema, that problem is reported instead.
  if (typeof when !== 'string' || !source.configValid || !source.config) return;
  const ports = stepPorts(source.definition, source.config, source.raw['onError']);
  if (!ports.includes(when)) {
    const allowed = ports.length > 0 ? ports.map((p) => `"${p}"`).join(', ') : 'none';
    run.add({
      path: `${at}/when`,
      code: DEFINITION_PROBLEM.edgeInvalidPort,
      message: `step "${from}" cannot emit "${when}" (ports: ${allowed})`,
    });
  }
};

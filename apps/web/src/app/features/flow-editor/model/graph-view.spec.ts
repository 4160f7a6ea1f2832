import { stepTypeRegistry, type FlowDefinition } from '@stepline/domain';
import { describe, expect, it } from 'vitest';
import { buildGraphView, listedChanges } from './graph-view';
import { branchingFlow, step, typeInfo } from './model.fixtures';

const view = (def: FlowDefinition, extra = {}) =>
  buildGraphView(def, { registry: stepTypeRegistry, typeInfo, ...extra });

describe('buildGraphView', () => {
  it('labels condition ports true/false and gives plain steps one unlabelled port', () => {
    const nodes = view(branchingFlow()).nodes;
    const ports = (id: string) => nodes.find((n) => n.id === id)?.ports.map((p) => `${p.kind}:${p.label}`);
    expect(ports('check')).toEqual(['branch:true', 'branch:false']);
    expect(ports('fetch')).toEqual(['next:next']);
  });

  it('adds switch cases with default, and the error port when a step branches on error', () => {
    const def: FlowDefinition = {
      schemaVersion: 1,
      steps: [
        step('route', 'switch', {
          config: {
            expression: 'input.kind',
            cases: [
              { name: 'a', value: 1 },
              { name: 'b', value: 2 },
            ],
          },
        }),
        step('call', 'http', { onError: 'branch' }),
        step('stop', 'fail'),
      ],
      edges: [],
    };
    const nodes = view(def).nodes;
    expect(nodes[0]?.ports.map((p) => p.label)).toEqual(['a', 'b', 'default']);
    expect(nodes[1]?.ports.map((p) => `${p.kind}:${p.label}`)).toEqual(['next:next', 'error:error']);
    expect(nodes[2]?.ports).toEqual([]);
  });

  it('connects the start node to the steps without parents and draws every edge', () => {
    const v = view(branchingFlow());
    expect(v.startConnections.map((c) => c.targetId)).toEqual(['in|fetch']);
    expect(v.connections.map((c) => `${c.sourceId}>${c.targetId}`)).toEqual([
      'out|fetch|>in|check',
      'out|check|true>in|ok',
      'out|check|false>in|notify',
    ]);
  });

  it('keeps an edge from a port the step cannot emit visible on an "invalid" port', () => {
    const def = branchingFlow();
    def.edges.push({ from: 'fetch', to: 'ok', when: 'nope' });
    const fetch = view(def).nodes.find((n) => n.id === 'fetch');
    expect(fetch?.ports.at(-1)).toMatchObject({ kind: 'invalid', label: 'nope' });
  });

  it('marks added, changed and removed steps and edges of a comparison', () => {
    const removed = step('old', 'transform', { position: { x: 0, y: 200 } });
    const v = view(branchingFlow(), {
      diff: {
        added: new Set(['notify']),
        changed: new Map([['check', ['config', 'config.expression']]]),
        removedSteps: [removed],
        addedEdges: new Set(['e|check|notify|false']),
        removedEdges: [{ from: 'fetch', to: 'old' }],
      },
    });
    const mark = (id: string) => v.nodes.find((n) => n.id === id)?.diff;
    expect([mark('notify'), mark('check'), mark('old'), mark('fetch')]).toEqual([
      'added',
      'changed',
      'removed',
      undefined,
    ]);
    // The node lists the changed config keys by name (`config` itself stands for them).
    expect(v.nodes.find((n) => n.id === 'check')?.changedFields).toEqual(['expression']);
    expect(v.connections.filter((c) => c.diff).map((c) => `${c.id}:${c.diff}`)).toEqual([
      'e|check|notify|false:added',
      'e|fetch|old|:removed',
    ]);
  });

  it('lists changed fields readably: config keys by name, a forEach body as its steps', () => {
    expect(listedChanges(['config', 'name', 'config.url'])).toEqual(['name', 'url']);
    expect(listedChanges(['config', 'config.body'])).toEqual(['body steps']);
    expect(listedChanges(['config', 'position'])).toEqual(['config', 'position']);
  });
});

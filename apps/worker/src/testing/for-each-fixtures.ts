import type { FlowDefinition } from '@stepline/domain';
import { definitionOf } from './run-fixtures.js';

type Step = FlowDefinition['steps'][number];

/**
 * Definitions of the forEach tests: one loop over `input.items`, a body of one transform, a wait
 * for a reply per item, and a loop inside a loop — the shapes every forEach spec starts from.
 */

/** A flow of one forEach step `loop` over `input.items` running `body` (`config` adds concurrency, onItemError …). */
export const loopOf = (body: Record<string, unknown>, config: Record<string, unknown> = {}): FlowDefinition =>
  definitionOf([{ id: 'loop', type: 'forEach', config: { items: 'input.items', ...config, body } }]);

/** A loop body of one transform step `double` whose output is the iteration's. */
export const transformBody = (expression: string) => ({
  steps: [{ id: 'double', type: 'transform', config: { expression } }],
  edges: [],
  output: '{{ steps.double.output }}',
});

/** A step `id` that waits for the `line.reply` event keyed by the iteration's item. */
export const replyStep = (id = 'reply'): Step => ({
  id,
  type: 'waitForEvent',
  config: { event: 'line.reply', correlationKey: '{{ item }}' },
});

/**
 * A forEach step `outer` over `input.rows` whose body is a forEach `inner` over the row (`item`),
 * whose body is the one step `cell` with `output`; `concurrency` applies to both loops.
 */
export const loopInLoop = (cell: Step, output: string, options: { concurrency?: number } = {}): Step => {
  const concurrency = options.concurrency === undefined ? {} : { concurrency: options.concurrency };
  return {
    id: 'outer',
    type: 'forEach',
    config: {
      items: 'input.rows',
      ...concurrency,
      body: {
        steps: [
          {
            id: 'inner',
            type: 'forEach',
            config: { items: 'item', ...concurrency, body: { steps: [cell], edges: [], output } },
          },
        ],
        edges: [],
        output: '{{ steps.inner.output }}',
      },
    },
  };
};

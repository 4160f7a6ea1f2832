import type { FlowDefinition, FlowEdge, FlowStep } from '@stepline/domain';

/**
 * A realistic large definition, built from blocks of ten steps: fetch (http with templates) →
 * shape (transform) → check (condition) → true: flag (setVariable) / false: post (http) → merge
 * (transform, joins both branches) → route (switch) → wait (delay) / calc (code) → done
 * (transform, joins) → the next block's fetch. Every block's expressions differ, so a single
 * validation cannot lean on the expression cache, and every step reads upstream steps.
 */
export const largeDefinition = (blocks: number): FlowDefinition => {
  const steps: FlowStep[] = [];
  const edges: FlowEdge[] = [];
  let previous: string | undefined;
  for (let k = 0; k < blocks; k++) {
    const id = (name: string) => `${name}_${k}`;
    const cursor = previous ? `{{ steps.${previous}.output.cursor }}` : '0';
    const at = (column: number, row = 0) => ({ x: column * 220, y: k * 300 + row * 120 });
    steps.push(
      {
        id: id('fetch'),
        type: 'http',
        name: `Fetch page ${k}`,
        config: {
          method: 'GET',
          url: `https://api.example.com/customers/{{ input.customerId }}/orders?page=${k}&since=${cursor}`,
          headers: { authorization: 'Bearer {{ secrets.API_TOKEN }}', 'x-request-id': `{{ run.id }}-${k}` },
          query: { limit: `{{ input.pageSize ? input.pageSize : ${50 + k} }}` },
        },
        retry: { maxAttempts: 3, backoff: 'exponential', initialDelayMs: 200, maxDelayMs: 5_000 },
        timeoutMs: 10_000,
        position: at(0),
      },
      {
        id: id('shape'),
        type: 'transform',
        config: {
          expression: `steps.${id('fetch')}.output.body.items[status = 'open' and total > ${k}].{ "id": id, "total": $sum(lines.(qty * price)) }`,
        },
        position: at(1),
      },
      {
        id: id('check'),
        type: 'condition',
        config: {
          expression: `$count(steps.${id('shape')}.output) > ${k % 7} and steps.${id('fetch')}.output.status = 200`,
        },
        position: at(2),
      },
      {
        id: id('flag'),
        type: 'setVariable',
        config: { name: `open_${k}`, value: `{{ $count(steps.${id('shape')}.output) }}` },
        position: at(3, -1),
      },
      {
        id: id('post'),
        type: 'http',
        onError: 'continue',
        config: {
          method: 'POST',
          url: 'https://hooks.example.com/batches',
          body: {
            ids: `{{ steps.${id('shape')}.output.id }}`,
            note: `Batch ${k} for {{ input.email }}`,
            page: k,
          },
        },
        position: at(3, 1),
      },
      {
        id: id('merge'),
        type: 'transform',
        config: {
          expression: `{ "flag": vars.open_${k}, "posted": steps.${id('post')}.output.status, "block": ${k} }`,
        },
        position: at(4),
      },
      {
        id: id('route'),
        type: 'switch',
        config: {
          expression: `steps.${id('merge')}.output.posted`,
          cases: [
            { name: 'ok', value: 200 },
            { name: 'created', value: 201 },
            { name: 'throttled', value: 429 },
          ],
        },
        position: at(5),
      },
      {
        id: id('wait'),
        type: 'delay',
        config: { mode: 'duration', durationMs: 1_000 * (k + 1) },
        position: at(6, -1),
      },
      {
        id: id('calc'),
        type: 'code',
        config: { source: `return { block: ${k}, open: vars.open_${k} ?? 0 };` },
        position: at(6, 1),
      },
      {
        id: id('done'),
        type: 'transform',
        config: {
          expression: `$merge([steps.${id('merge')}.output, { "cursor": steps.${id('fetch')}.output.body.next, "calc": steps.${id('calc')}.output }])`,
        },
        position: at(7),
      },
    );
    if (previous) edges.push({ from: previous, to: id('fetch') });
    edges.push(
      { from: id('fetch'), to: id('shape') },
      { from: id('shape'), to: id('check') },
      { from: id('check'), to: id('flag'), when: 'true' },
      { from: id('check'), to: id('post'), when: 'false' },
      { from: id('flag'), to: id('merge') },
      { from: id('post'), to: id('merge') },
      { from: id('merge'), to: id('route') },
      { from: id('route'), to: id('wait'), when: 'throttled' },
      { from: id('route'), to: id('calc'), when: 'default' },
      { from: id('wait'), to: id('calc') },
      { from: id('calc'), to: id('done') },
    );
    previous = id('done');
  }
  return {
    schemaVersion: 1,
    inputSchema: {
      type: 'object',
      properties: { customerId: { type: 'string' }, email: { type: 'string' } },
    },
    steps,
    edges,
    output: `{{ steps.${previous}.output }}`,
    settings: { timeoutMs: 3_600_000, maxConcurrency: 8 },
  };
};

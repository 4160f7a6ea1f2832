import type { FlowDefinition } from './flow-definition.types.js';

/**
 * The definition of product.md §2, completed so it validates: a lookup, a branch on the result, a
 * loop over the customer's orders and a notification. Used by tests, seeds and the docs.
 */
export const exampleDefinition = (): FlowDefinition => ({
  schemaVersion: 1,
  inputSchema: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
  steps: [
    {
      id: 'lookup',
      type: 'http',
      name: 'Look up customer',
      config: { method: 'GET', url: 'https://crm.example/api/{{ input.email }}' },
      retry: { maxAttempts: 3, backoff: 'exponential', initialDelayMs: 500 },
      timeoutMs: 10_000,
      onError: 'fail',
      position: { x: 240, y: 80 },
    },
    { id: 'is_vip', type: 'condition', config: { expression: "steps.lookup.output.body.tier = 'vip'" } },
    {
      id: 'orders',
      type: 'forEach',
      config: {
        items: 'steps.lookup.output.body.orders',
        concurrency: 4,
        body: {
          steps: [
            { id: 'total', type: 'transform', config: { expression: 'item.quantity * item.price' } },
            {
              id: 'label',
              type: 'setVariable',
              config: { name: 'label', value: '#{{ index }}: {{ steps.total.output }}' },
            },
          ],
          edges: [{ from: 'total', to: 'label' }],
          output: '{{ steps.label.output }}',
        },
      },
    },
    {
      id: 'notify',
      type: 'http',
      onError: 'branch',
      config: {
        method: 'POST',
        url: 'https://chat.example/hooks',
        headers: { authorization: 'Bearer {{ secrets.CHAT_TOKEN }}' },
        body: { text: 'VIP {{ steps.lookup.output.body.name }}', orders: '{{ steps.orders.output }}' },
      },
    },
    {
      id: 'notify_failed',
      type: 'fail',
      config: { message: 'Notification failed: {{ steps.notify.error.message }}' },
    },
  ],
  edges: [
    { from: 'lookup', to: 'is_vip' },
    { from: 'is_vip', to: 'orders', when: 'true' },
    { from: 'orders', to: 'notify' },
    { from: 'notify', to: 'notify_failed', when: 'error' },
  ],
  output: '{{ steps.notify.output }}',
  settings: { timeoutMs: 60_000, maxConcurrency: 4 },
});

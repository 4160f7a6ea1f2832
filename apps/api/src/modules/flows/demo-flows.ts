import type { FlowDefinition } from '@stepline/domain';

/**
 * Example flows of the demo tenant (`npm start` seeds them, published). Together they use every
 * core step type, so a new user sees each one on a canvas; demo-flows.spec.ts keeps them valid.
 */
export interface DemoFlow {
  name: string;
  description: string;
  tags: string[];
  changeNote: string;
  /** `flowIdOf` names the ids of demo flows seeded before this one (for subflow steps). */
  definition(flowIdOf: (name: string) => string): FlowDefinition;
  /** An event trigger seeded with the flow (on its published version). */
  eventTrigger?: { event: string; filter?: string };
}

const DAY_MS = 86_400_000;

const bookExpense: DemoFlow = {
  name: 'Book expense',
  description:
    'Books an approved expense in the accounting system. Started as a subflow by "Expense approval".',
  tags: ['finance', 'example'],
  changeNote: 'Example flow',
  definition: () => ({
    schemaVersion: 1,
    inputSchema: {
      type: 'object',
      properties: { expenseId: { type: 'string' }, amount: { type: 'number' } },
      required: ['expenseId', 'amount'],
    },
    steps: [
      {
        id: 'book',
        type: 'http',
        name: 'Book in accounting',
        config: {
          method: 'POST',
          url: 'https://accounting.example/api/expenses',
          body: { id: '{{ input.expenseId }}', amount: '{{ input.amount }}' },
        },
        retry: { maxAttempts: 3, backoff: 'exponential', initialDelayMs: 1_000 },
        position: { x: 80, y: 80 },
      },
      {
        id: 'entry',
        type: 'transform',
        name: 'Accounting entry',
        config: { expression: '{ "entry": steps.book.output.body.id, "booked": true }' },
        position: { x: 320, y: 80 },
      },
    ],
    edges: [{ from: 'book', to: 'entry' }],
    output: '{{ steps.entry.output }}',
  }),
};

const welcome: DemoFlow = {
  name: 'Welcome new customer',
  description: 'Answers a signup webhook with a greeting that depends on the customer’s plan.',
  tags: ['crm', 'webhook', 'example'],
  changeNote: 'Example flow',
  definition: () => ({
    schemaVersion: 1,
    inputSchema: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
    steps: [
      {
        id: 'lookup',
        type: 'http',
        name: 'Look up customer',
        config: {
          method: 'GET',
          url: 'https://crm.example/api/customers/{{ input.email }}',
          successStatuses: ['2xx', '404'],
        },
        timeoutMs: 10_000,
        position: { x: 80, y: 160 },
      },
      {
        id: 'known',
        type: 'condition',
        name: 'Known customer?',
        config: { expression: 'steps.lookup.output.status = 200' },
        position: { x: 300, y: 160 },
      },
      {
        id: 'plan',
        type: 'switch',
        name: 'Which plan?',
        config: {
          expression: 'steps.lookup.output.body.plan',
          cases: [
            { name: 'pro', value: 'pro' },
            { name: 'team', value: 'team' },
          ],
        },
        position: { x: 520, y: 80 },
      },
      {
        id: 'vip_greeting',
        type: 'setVariable',
        config: {
          name: 'greeting',
          value: 'Welcome back, {{ steps.lookup.output.body.name }}: your plan includes priority support.',
        },
        position: { x: 740, y: 20 },
      },
      {
        id: 'greeting',
        type: 'setVariable',
        config: { name: 'greeting', value: 'Welcome, {{ steps.lookup.output.body.name }}!' },
        position: { x: 740, y: 140 },
      },
      {
        id: 'reply',
        type: 'respond',
        config: { status: 200, body: { message: '{{ vars.greeting }}' } },
        position: { x: 960, y: 80 },
      },
      {
        id: 'unknown',
        type: 'respond',
        config: { status: 404, body: { message: 'No customer with email {{ input.email }}' } },
        position: { x: 520, y: 260 },
      },
    ],
    edges: [
      { from: 'lookup', to: 'known' },
      { from: 'known', to: 'plan', when: 'true' },
      { from: 'known', to: 'unknown', when: 'false' },
      { from: 'plan', to: 'vip_greeting', when: 'pro' },
      { from: 'plan', to: 'vip_greeting', when: 'team' },
      { from: 'plan', to: 'greeting', when: 'default' },
      { from: 'vip_greeting', to: 'reply' },
      { from: 'greeting', to: 'reply' },
    ],
  }),
};

const nightlyDigest: DemoFlow = {
  name: 'Nightly digest',
  description: 'Totals the day’s orders once late ones have settled and writes a one-line digest.',
  tags: ['reporting', 'schedule', 'example'],
  changeNote: 'Example flow',
  definition: () => ({
    schemaVersion: 1,
    inputSchema: { type: 'object', properties: { orders: { type: 'array' } }, required: ['orders'] },
    steps: [
      {
        id: 'settle',
        type: 'delay',
        name: 'Let late orders settle',
        config: { mode: 'duration', durationMs: 300_000 },
        position: { x: 80, y: 80 },
      },
      {
        id: 'totals',
        type: 'forEach',
        name: 'Total each order',
        config: {
          items: 'input.orders',
          concurrency: 4,
          body: {
            steps: [
              { id: 'line_total', type: 'transform', config: { expression: 'item.quantity * item.price' } },
            ],
            edges: [],
            output: '{{ steps.line_total.output }}',
          },
        },
        position: { x: 300, y: 80 },
      },
      {
        id: 'summary',
        type: 'code',
        name: 'Summarise',
        config: {
          source:
            'const totals = steps.totals.output;\nreturn { orders: totals.length, revenue: totals.reduce((sum, t) => sum + t, 0) };',
          timeoutMs: 1_000,
        },
        position: { x: 520, y: 80 },
      },
      {
        id: 'digest',
        type: 'transform',
        name: 'Digest line',
        config: {
          expression:
            '"Orders: " & steps.summary.output.orders & ", revenue: " & steps.summary.output.revenue',
        },
        position: { x: 740, y: 80 },
      },
    ],
    edges: [
      { from: 'settle', to: 'totals' },
      { from: 'totals', to: 'summary' },
      { from: 'summary', to: 'digest' },
    ],
    output: '{{ steps.digest.output }}',
    settings: { timeoutMs: 3_600_000 },
  }),
};

const expenseApproval: DemoFlow = {
  name: 'Expense approval',
  description:
    'An admin approves the expense (within 3 days, else it is rejected), the submitter uploads the receipt, then "Book expense" books it. Decide in Approvals.',
  tags: ['finance', 'approval', 'example'],
  changeNote: 'Example flow',
  definition: (flowIdOf) => ({
    schemaVersion: 1,
    inputSchema: {
      type: 'object',
      properties: {
        expenseId: { type: 'string' },
        amount: { type: 'number' },
        submitter: { type: 'string' },
      },
      required: ['expenseId', 'amount', 'submitter'],
    },
    steps: [
      {
        id: 'approve',
        type: 'approval',
        config: {
          title: 'Approve expense {{ input.expenseId }}?',
          message: 'Amount: {{ input.amount }}, submitted by {{ input.submitter }}',
          approverRole: 'admin',
          timeoutMs: 3 * DAY_MS,
          defaultOutcome: 'rejected',
        },
        position: { x: 80, y: 120 },
      },
      {
        id: 'rejected',
        type: 'fail',
        config: { message: 'Expense {{ input.expenseId }} was rejected', code: 'expense.rejected' },
        position: { x: 300, y: 240 },
      },
      {
        id: 'receipt',
        type: 'waitForEvent',
        name: 'Wait for the receipt',
        config: {
          event: 'expense.receipt_uploaded',
          correlationKey: '{{ input.expenseId }}',
          timeoutMs: 7 * DAY_MS,
        },
        position: { x: 300, y: 60 },
      },
      {
        id: 'no_receipt',
        type: 'fail',
        config: {
          message: 'No receipt for expense {{ input.expenseId }} within 7 days',
          code: 'expense.no_receipt',
        },
        position: { x: 520, y: 180 },
      },
      {
        // A timed-out wait still follows unlabelled edges: book only when a receipt arrived.
        id: 'has_receipt',
        type: 'condition',
        name: 'Receipt arrived?',
        config: { expression: 'steps.receipt.output != null' },
        position: { x: 520, y: 40 },
      },
      {
        id: 'book',
        type: 'subflow',
        name: 'Book expense',
        config: {
          flowId: flowIdOf(bookExpense.name),
          input: { expenseId: '{{ input.expenseId }}', amount: '{{ input.amount }}' },
          wait: true,
        },
        position: { x: 740, y: 40 },
      },
    ],
    edges: [
      { from: 'approve', to: 'receipt', when: 'approved' },
      { from: 'approve', to: 'rejected', when: 'rejected' },
      { from: 'receipt', to: 'has_receipt' },
      { from: 'has_receipt', to: 'book', when: 'true' },
      { from: 'receipt', to: 'no_receipt', when: 'timeout' },
    ],
    output: '{{ steps.book.output }}',
  }),
};

/** Runs anywhere, with no network and no waits: the first flow to try on a fresh `npm start`. */
const orderSummary: DemoFlow = {
  name: 'Order summary',
  description: 'Totals an order, flags large ones and answers with a summary. Runs offline: press Run.',
  tags: ['starter', 'example'],
  changeNote: 'First version',
  definition: () => ({
    schemaVersion: 1,
    inputSchema: {
      type: 'object',
      properties: {
        customer: { type: 'string', default: 'Ada' },
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, price: { type: 'number' }, qty: { type: 'integer' } },
          },
          default: [
            { name: 'Notebook', price: 4.5, qty: 3 },
            { name: 'Pen', price: 1.2, qty: 10 },
          ],
        },
      },
    },
    steps: [
      {
        id: 'total',
        type: 'transform',
        name: 'Order total',
        config: { expression: '$sum(input.items.(price * qty))' },
        position: { x: 0, y: 0 },
      },
      {
        id: 'lines',
        type: 'code',
        name: 'Format lines',
        config: {
          source:
            'const lines = (input.items || []).map((i) => `${i.qty} x ${i.name}`);\nconsole.log(`${lines.length} lines`);\nreturn lines;',
        },
        position: { x: 0, y: 120 },
      },
      {
        id: 'large',
        type: 'condition',
        name: 'Large order?',
        config: { expression: 'steps.total.output >= 100' },
        position: { x: 0, y: 240 },
      },
      {
        id: 'flag',
        type: 'setVariable',
        name: 'Flag for review',
        config: { name: 'note', value: 'needs review' },
        position: { x: -160, y: 360 },
      },
      {
        id: 'ok',
        type: 'setVariable',
        name: 'No review',
        config: { name: 'note', value: 'auto-approved' },
        position: { x: 160, y: 360 },
      },
      {
        id: 'summary',
        type: 'transform',
        name: 'Summary',
        config: {
          expression:
            '{ "customer": input.customer, "total": steps.total.output, "lines": steps.lines.output, "note": vars.note }',
        },
        position: { x: 0, y: 480 },
      },
    ],
    edges: [
      { from: 'total', to: 'lines' },
      { from: 'lines', to: 'large' },
      { from: 'large', to: 'flag', when: 'true' },
      { from: 'large', to: 'ok', when: 'false' },
      { from: 'flag', to: 'summary' },
      { from: 'ok', to: 'summary' },
    ],
    output: '{{ steps.summary.output }}',
  }),
};

/** The secret holding the chat API's URL (a bot URL often carries its token, hence a secret). */
export const CHAT_API_SECRET = 'CHAT_API_URL';

/**
 * A WhatsApp-style conversation (issue 10): a keyword message starts it (event trigger), it asks a
 * question with two options through a chat API, waits for the reply from the same conversation
 * (the event key, e.g. a phone number), branches on the answer and replies. Publish
 * `message.received` events with `{ key: <conversation>, payload: { text } }` to drive it.
 */
const chatConversation: DemoFlow = {
  name: 'Chat: sales or support',
  description: `Starts on a chat message saying HELP or START, asks "sales or support?" through the chat API at the secret ${CHAT_API_SECRET}, waits up to a day for the reply in the same conversation and answers it.`,
  tags: ['chat', 'event', 'example'],
  changeNote: 'Example flow',
  eventTrigger: { event: 'message.received', filter: "$lowercase(payload.text) in ['help', 'start']" },
  definition: () => ({
    schemaVersion: 1,
    // What an event trigger starts it with; a message without a conversation key cannot be answered.
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        key: { type: 'string', minLength: 1 },
        payload: { type: 'object', properties: { text: { type: 'string' } } },
        eventId: { type: 'string' },
      },
      required: ['key'],
    },
    steps: [
      {
        id: 'ask',
        type: 'http',
        name: 'Ask: sales or support?',
        config: {
          method: 'POST',
          url: `{{ secrets.${CHAT_API_SECRET} }}`,
          body: {
            to: '{{ input.key }}',
            text: 'Hi! Do you want to talk to sales or support?',
            options: ['sales', 'support'],
          },
        },
        retry: { maxAttempts: 3, backoff: 'exponential', initialDelayMs: 1_000 },
        position: { x: 80, y: 120 },
      },
      {
        id: 'reply',
        type: 'waitForEvent',
        name: 'Wait for the reply',
        config: { event: 'message.received', correlationKey: '{{ input.key }}', timeoutMs: DAY_MS },
        position: { x: 300, y: 120 },
      },
      {
        id: 'route',
        type: 'switch',
        name: 'Which one?',
        config: {
          expression: '$lowercase($trim(steps.reply.output.text))',
          cases: [
            { name: 'sales', value: 'sales' },
            { name: 'support', value: 'support' },
          ],
        },
        position: { x: 520, y: 120 },
      },
      {
        id: 'to_sales',
        type: 'setVariable',
        config: { name: 'answer', value: 'Thanks! Someone from sales will write to you shortly.' },
        position: { x: 740, y: 20 },
      },
      {
        id: 'to_support',
        type: 'setVariable',
        config: { name: 'answer', value: 'Thanks! A support agent will pick up this conversation.' },
        position: { x: 740, y: 120 },
      },
      {
        id: 'unclear',
        type: 'setVariable',
        config: { name: 'answer', value: 'Sorry, I did not get that. Write HELP to start again.' },
        position: { x: 740, y: 220 },
      },
      {
        id: 'answer',
        type: 'http',
        name: 'Send the answer',
        config: {
          method: 'POST',
          url: `{{ secrets.${CHAT_API_SECRET} }}`,
          body: { to: '{{ input.key }}', text: '{{ vars.answer }}' },
        },
        retry: { maxAttempts: 3, backoff: 'exponential', initialDelayMs: 1_000 },
        position: { x: 960, y: 120 },
      },
      {
        id: 'no_reply',
        type: 'setVariable',
        name: 'No reply within a day',
        config: { name: 'answer', value: 'no reply' },
        position: { x: 520, y: 260 },
      },
    ],
    edges: [
      { from: 'ask', to: 'reply' },
      { from: 'reply', to: 'route', when: 'received' },
      { from: 'reply', to: 'no_reply', when: 'timeout' },
      { from: 'route', to: 'to_sales', when: 'sales' },
      { from: 'route', to: 'to_support', when: 'support' },
      { from: 'route', to: 'unclear', when: 'default' },
      { from: 'to_sales', to: 'answer' },
      { from: 'to_support', to: 'answer' },
      { from: 'unclear', to: 'answer' },
    ],
    output: '{{ { "choice": steps.route.output.case, "answer": vars.answer } }}',
  }),
};

/** In seeding order: a flow another one starts as a subflow comes first. */
export const DEMO_FLOWS: readonly DemoFlow[] = [
  orderSummary,
  bookExpense,
  welcome,
  nightlyDigest,
  expenseApproval,
  chatConversation,
];

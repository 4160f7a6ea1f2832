import { SECRET_NAME_PATTERN, stringMap } from './schema-fragments.js';
import { JSON_SCHEMA_DIALECT, type StepTypeDefinition } from './step-type.types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface HttpStepConfig {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  bodyType?: 'json' | 'text' | 'form';
  body?: unknown;
  /** Credentials come from a tenant secret by name, never inline. */
  auth?: { type: 'bearer' | 'basic' | 'header'; secret: string; username?: string; header?: string };
  timeoutMs?: number;
  followRedirects?: boolean;
  /** Exact codes ("404") or classes ("2xx"); default 2xx. */
  successStatuses?: string[];
}

export const httpStepType: StepTypeDefinition<HttpStepConfig> = {
  type: 'http',
  category: 'core',
  title: 'HTTP request',
  description: 'Calls an HTTP endpoint. Output: { status, headers, body }.',
  configSchema: {
    $schema: JSON_SCHEMA_DIALECT,
    type: 'object',
    additionalProperties: false,
    required: ['method', 'url'],
    properties: {
      method: {
        type: 'string',
        enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
        default: 'GET',
      },
      url: {
        type: 'string',
        minLength: 1,
        maxLength: 8_192,
        description: 'Absolute http(s) URL; may hold templates.',
      },
      headers: stringMap('Request headers; values may hold templates.'),
      query: stringMap('Query parameters; values may hold templates.'),
      bodyType: { type: 'string', enum: ['json', 'text', 'form'], default: 'json' },
      body: { description: 'Request body; strings inside may hold templates.' },
      auth: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'secret'],
        properties: {
          type: { type: 'string', enum: ['bearer', 'basic', 'header'] },
          secret: { type: 'string', pattern: SECRET_NAME_PATTERN, description: 'Name of a tenant secret.' },
          username: { type: 'string', minLength: 1, maxLength: 256 },
          header: { type: 'string', pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$" },
        },
        allOf: [
          { if: { properties: { type: { const: 'basic' } } }, then: { required: ['username'] } },
          { if: { properties: { type: { const: 'header' } } }, then: { required: ['header'] } },
        ],
      },
      timeoutMs: { type: 'integer', minimum: 1, maximum: 300_000, default: 30_000 },
      followRedirects: { type: 'boolean', default: true },
      successStatuses: {
        type: 'array',
        maxItems: 50,
        uniqueItems: true,
        items: { type: 'string', pattern: '^[1-5]([0-9]{2}|xx)$' },
      },
    },
  },
  defaults: { method: 'GET', url: 'https://example.com', headers: {} },
  expressionFields: [
    { field: 'url', kind: 'template' },
    { field: 'headers', kind: 'template' },
    { field: 'query', kind: 'template' },
    { field: 'body', kind: 'template' },
  ],
  outputPorts: () => [],
  checkConfig: (config) =>
    config.body !== undefined && (config.method === 'GET' || config.method === 'HEAD')
      ? [
          {
            path: '/body',
            code: 'config.body_not_allowed',
            message: `${config.method} requests have no body`,
          },
        ]
      : [],
};

/** The definition format version this code reads and writes. */
export const FLOW_SCHEMA_VERSION = 1 as const;

/** Step ids are identifiers usable in expressions (`steps.<id>`) without quoting. */
export const STEP_ID_PATTERN = '^[a-z][a-z0-9_]{0,63}$';
export const STEP_ID_REGEX = new RegExp(STEP_ID_PATTERN);

export type BackoffStrategy = 'fixed' | 'exponential';

/** fail: the run fails · continue: output becomes `{ error }` · branch: follow `when: "error"` edges. */
export type OnErrorMode = 'fail' | 'continue' | 'branch';

export interface RetryPolicy {
  /** Total attempts including the first, 1–10. */
  maxAttempts: number;
  backoff?: BackoffStrategy;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface StepPosition {
  x: number;
  y: number;
}

export interface FlowStep<C extends object = Record<string, unknown>> {
  id: string;
  type: string;
  name?: string;
  config: C;
  retry?: RetryPolicy;
  timeoutMs?: number;
  onError?: OnErrorMode;
  disabled?: boolean;
  notes?: string;
  /** Canvas position; derived geometry (sizes, routes) is never stored. */
  position?: StepPosition;
}

/** `when` names the port of `from` the edge follows; without it the edge follows on success. */
export interface FlowEdge {
  from: string;
  to: string;
  when?: string;
}

/** Steps and edges; also the shape of a forEach body, which adds its own `output`. */
export interface FlowGraph {
  steps: FlowStep[];
  edges: FlowEdge[];
  /** Template (any JSON; strings may hold `{{ }}`); default: outputs of the steps that ended. */
  output?: unknown;
}

export interface FlowSettings {
  /** Bound on the whole run's duration. */
  timeoutMs?: number;
  /** Steps of one run executing at the same time. */
  maxConcurrency?: number;
}

export interface FlowDefinition extends FlowGraph {
  schemaVersion: typeof FLOW_SCHEMA_VERSION;
  /** Draft-07 JSON Schema of the run input. */
  inputSchema?: Record<string, unknown>;
  settings?: FlowSettings;
}

/** Top-level fields of a definition besides steps and edges (what the diff calls "settings"). */
export const DEFINITION_SETTING_FIELDS = ['schemaVersion', 'inputSchema', 'output', 'settings'] as const;

export const emptyDefinition = (): FlowDefinition => ({
  schemaVersion: FLOW_SCHEMA_VERSION,
  steps: [],
  edges: [],
});

/**
 * Why a step failed, as recorded on its step run and, when the run fails because of it, on the run
 * (`error: { code, message, stepId }`). Codes are stable: the editor, the SDK and tests match on
 * them. Executors, the expression evaluator, the outbound HTTP client and the code sandbox all
 * fail with a `StepFailure`; anything else thrown by a step is recorded as `step.internal`.
 */
export const STEP_FAILURE_CODES = {
  /** A step's own failure that a retry may fix (5xx answer, connection reset …). */
  'step.failed': { retryable: true },
  'step.timeout': { retryable: true },
  'step.cancelled': { retryable: false },
  'step.internal': { retryable: true },
  'step.output_too_large': { retryable: false },
  /** The `fail` step; its config may name a code of its own, recorded in `detail.code`. */
  'flow.failed': { retryable: false },
  'run.timed_out': { retryable: false },
  'run.cancelled': { retryable: false },
  /** A wait (event, approval) reached its timeout and the step has no `timeout` port to follow. */
  'wait.timed_out': { retryable: false },
  'expression.failed': { retryable: false },
  'expression.timeout': { retryable: false },
  'expression.too_deep': { retryable: false },
  'http.status': { retryable: true },
  'net.invalid_url': { retryable: false },
  'net.blocked_address': { retryable: false },
  'net.dns_failed': { retryable: true },
  'net.connect_failed': { retryable: true },
  'net.timeout': { retryable: true },
  'net.response_too_large': { retryable: false },
  'net.too_many_redirects': { retryable: false },
  'net.aborted': { retryable: false },
  'code.error': { retryable: false },
  'code.timeout': { retryable: false },
  'code.memory': { retryable: false },
  'code.invalid_result': { retryable: false },
  'code.cancelled': { retryable: false },
  'code.unavailable': { retryable: true },
  /** A forEach over more items than the tenant's `maxForEachItems`. */
  'quota.foreach_items_exceeded': { retryable: false },
  /**
   * A subflow step could not start its child: the tenant's run starts per minute are used up.
   * Retryable, so a step with a retry policy tries again later; `detail.retryAfter` in seconds.
   */
  'quota.run_starts_exceeded': { retryable: true },
  /** The run started its tenant's `maxStepsPerRun` step attempts: it fails (the runner's check). */
  'quota.max_steps_exceeded': { retryable: false },
  /** A forEach whose `items` did not evaluate to an array. */
  'forEach.invalid_items': { retryable: false },
  /** A subflow started deeper than `SUBFLOW_MAX_DEPTH` levels of parent runs (recursion). */
  'subflow.depth_exceeded': { retryable: false },
  /** The subflow's flow is not a flow of the tenant, or has no published version. */
  'subflow.flow_not_found': { retryable: false },
  /** A waited-for child run ended without succeeding; `detail.childRunId`, `detail.childCode`. */
  'subflow.failed': { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

export type StepFailureCode = keyof typeof STEP_FAILURE_CODES;

export interface StepFailureOptions {
  /** Overrides the code's default (e.g. an HTTP 404 is not worth retrying, a 503 is). */
  retryable?: boolean;
  /** JSON-serialisable facts for the step's error record (status code, position …). Never secrets. */
  detail?: Record<string, unknown>;
  cause?: unknown;
}

export class StepFailure extends Error {
  readonly retryable: boolean;
  readonly detail: Record<string, unknown>;

  constructor(
    readonly code: StepFailureCode,
    message: string,
    options: StepFailureOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StepFailure';
    this.retryable = options.retryable ?? STEP_FAILURE_CODES[code].retryable;
    this.detail = options.detail ?? {};
  }
}

export const isStepFailure = (value: unknown): value is StepFailure => value instanceof StepFailure;

/** The error recorded on a step run or a run. */
export interface StepErrorRecord {
  code: StepFailureCode;
  message: string;
  stepId?: string;
  detail?: Record<string, unknown>;
}

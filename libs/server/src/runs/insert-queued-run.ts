import {
  AppError,
  compileUserSchema,
  jsonBytes,
  type TenantQuotas,
  schemaProblems,
  validateDefinition,
  type FieldProblem,
  type JsonSchema,
  type RunTrigger,
} from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import { findRunTarget, type RunTarget } from '../persistence/repositories/flow-versions.repository.js';
import { insertRun, type RunRecord } from '../persistence/repositories/runs.repository.js';
import { claimAdmission } from './admission.js';

/** Which version a run starts: a number, whichever is published when it starts, or the draft. */
export type RunVersionRef = number | 'published' | 'draft';

/** What `insertQueuedRun` needs: who the run belongs to, what starts it and with what. */
export interface QueuedRunSpec {
  /** The new run's id, when the caller chose it (see `NewRun.id`). */
  id?: string;
  tenantId: string;
  flowId: string;
  /** The flow and version as the caller read them already (`findRunTarget`); otherwise read here. */
  target?: RunTarget;
  ref: RunVersionRef;
  input: unknown;
  trigger: RunTrigger;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  createdBy?: string | null;
  createdByApiKey?: string | null;
  /** The run whose subflow step starts this one (trigger `subflow`). */
  parentRunId?: string | null;
  /**
   * The tenant's quotas as the caller's run-start gate read them (`RunStartLimiter.take`); read
   * from the tenant's settings and the built-in defaults when left out.
   */
  quotas?: TenantQuotas;
  /**
   * The caller's run-start gate (`RunStartLimiter.take`), called once the checks passed, just
   * before the run claims its slot — so a start is taken only for a run that is inserted (a
   * refused input or an unpublished flow costs none). It may throw (429); nothing is inserted then.
   */
  takeStart?: () => Promise<unknown>;
}

/** A run just inserted: it holds one of its tenant's slots (enqueue it) or waits for one (do not). */
export type QueuedRun = RunRecord & { admission: 'held' | 'pending' };

/** The input against the flow's inputSchema, problems under `/input` (JSON pointers). */
export function inputProblems(definition: Record<string, unknown>, input: unknown): FieldProblem[] {
  const schema = definition['inputSchema'];
  if (!schema || typeof schema !== 'object') return [];
  const validate = compileUserSchema(schema as JsonSchema);
  return validate(input) ? [] : schemaProblems(validate.errors, '/input', 'input');
}

/** What the start checks look at: the flow's state and the version the ref found (null: none). */
export interface RunStartTarget {
  archived: boolean;
  version: {
    status: string;
    /** The version's `inputSchema` (only this is needed of a published version). */
    inputSchema: unknown;
    /** The whole definition: needed for a draft, which is validated before it may run. */
    definition?: Record<string, unknown>;
  } | null;
}

/**
 * The checks before a run may start, on what the caller read: the flow not archived, the version
 * found, a draft valid, the input within the payload quota and matching the inputSchema. Answers
 * the error to refuse the start with, or null. `insertQueuedRun` and the webhook accept batch (which
 * reads many targets in one statement) both decide with this one function.
 */
export function runStartError(
  target: RunStartTarget,
  ref: RunVersionRef,
  input: unknown,
  quotas?: Pick<TenantQuotas, 'maxPayloadBytes'>,
): AppError | null {
  if (target.archived) return new AppError('flow.archived', 'The flow is archived; unarchive it to run it');
  const { version } = target;
  if (!version) {
    if (typeof ref === 'number') return AppError.notFound('Version');
    return new AppError(
      'flow.not_published',
      'The flow has no published version: publish it or run the draft',
    );
  }
  if (version.status === 'draft') {
    const { ok, problems } = validateDefinition(version.definition ?? {});
    if (!ok) {
      return new AppError('flow.invalid_definition', 'The draft cannot run: fix its problems first', {
        problems,
      });
    }
  }
  const runInput = input ?? {};
  const maxPayloadBytes = quotas?.maxPayloadBytes;
  if (maxPayloadBytes !== undefined && jsonBytes(runInput) > maxPayloadBytes) {
    return new AppError('quota.payload_too_large', `The run input is larger than ${maxPayloadBytes} bytes`, {
      detail: { limit: maxPayloadBytes },
    });
  }
  const problems = inputProblems({ inputSchema: version.inputSchema }, runInput);
  if (problems.length)
    return AppError.validation(problems, 'The input does not match the flow’s inputSchema');
  return null;
}

/**
 * The one path that inserts a started run: checks the flow and version, validates the input
 * against the version's inputSchema and inserts it `queued`, inside the caller's tenant
 * transaction, either holding one of the tenant's execution slots or pending admission
 * (docs/adr/0007-fair-admission.md). The caller commits and then enqueues the run — only when it
 * holds a slot (`admission === 'held'`); a pending run is enqueued by the worker's admitter.
 * Null when the idempotency key is taken (a start `takeStart` took is then the caller's to give
 * back). The checks are `runStartError`'s. Used by the API's `RunsService` (manual, API, webhook
 * triggers), events, and the worker's scheduler and subflows, which cannot import the API.
 */
export async function insertQueuedRun(m: EntityManager, spec: QueuedRunSpec): Promise<QueuedRun | null> {
  const { ref, input, flowId } = spec;
  const target = spec.target ?? (await findRunTarget(m, spec.tenantId, flowId, ref));
  if (!target) throw AppError.notFound('Flow');
  const { archived, version } = target;
  const refused = runStartError(
    {
      archived,
      version: version && {
        status: version.status,
        inputSchema: version.definition['inputSchema'],
        definition: version.definition,
      },
    },
    ref,
    input,
    spec.quotas,
  );
  if (refused) throw refused;
  if (!version) throw new Error('unreachable: a start without a version was not refused');
  const runInput = input ?? {};
  // Last, just before the insert: the tenant's admission lock is then held for the shortest time.
  // The start is taken (Redis) while Postgres claims the slot: one round trip less in a row. A
  // refused start (429) inserts nothing; the admission lock it may have taken ends with the
  // caller's transaction, like any other.
  const [, admission] = await Promise.all([
    spec.takeStart?.(),
    claimAdmission(m, spec.tenantId, spec.quotas),
  ]);
  const run = await insertRun(m, {
    ...(spec.id ? { id: spec.id } : {}),
    tenantId: spec.tenantId,
    flowId,
    versionId: version.versionId,
    versionNumber: version.number,
    // A test run carries its definition: the draft may change while it runs.
    definition: ref === 'draft' ? version.definition : null,
    trigger: spec.trigger,
    input: runInput,
    idempotencyKey: spec.idempotencyKey ?? null,
    requestHash: spec.requestHash ?? null,
    createdBy: spec.createdBy ?? null,
    createdByApiKey: spec.createdByApiKey ?? null,
    parentRunId: spec.parentRunId ?? null,
    admission,
  });
  return run ? { ...run, admission } : null;
}

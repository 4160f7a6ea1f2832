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
import { findFlow } from '../persistence/repositories/flows.repository.js';
import { findVersionForRun } from '../persistence/repositories/flow-versions.repository.js';
import { insertRun, type RunRecord } from '../persistence/repositories/runs.repository.js';
import { claimAdmission } from './admission.js';

/** Which version a run starts: a number, whichever is published when it starts, or the draft. */
export type RunVersionRef = number | 'published' | 'draft';

/** What `insertQueuedRun` needs: who the run belongs to, what starts it and with what. */
export interface QueuedRunSpec {
  tenantId: string;
  flowId: string;
  /** Known by a caller that read the flow already; otherwise the flow is read. */
  archived?: boolean;
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

/**
 * The one path that inserts a started run: checks the flow and version, validates the input
 * against the version's inputSchema and inserts it `queued`, inside the caller's tenant
 * transaction, either holding one of the tenant's execution slots or pending admission
 * (docs/adr/0007-fair-admission.md). The caller commits and then enqueues the run — only when it
 * holds a slot (`admission === 'held'`); a pending run is enqueued by the worker's admitter.
 * Null when the idempotency key is taken. Used by the API's `RunsService` (manual, API, webhook
 * triggers) and by the worker's scheduler, which cannot import the API.
 */
export async function insertQueuedRun(m: EntityManager, spec: QueuedRunSpec): Promise<QueuedRun | null> {
  const { ref, input, flowId } = spec;
  if (spec.archived ?? (await findFlow(m, spec.tenantId, flowId)).archivedAt) {
    throw new AppError('flow.archived', 'The flow is archived; unarchive it to run it');
  }
  const version = await findVersionForRun(m, flowId, ref);
  if (!version) {
    if (typeof ref === 'number') throw AppError.notFound('Version');
    throw new AppError(
      'flow.not_published',
      'The flow has no published version: publish it or run the draft',
    );
  }
  if (version.status === 'draft') {
    const { ok, problems } = validateDefinition(version.definition);
    if (!ok) {
      throw new AppError('flow.invalid_definition', 'The draft cannot run: fix its problems first', {
        problems,
      });
    }
  }
  const runInput = input ?? {};
  const maxPayloadBytes = spec.quotas?.maxPayloadBytes;
  if (maxPayloadBytes !== undefined && jsonBytes(runInput) > maxPayloadBytes) {
    throw new AppError('quota.payload_too_large', `The run input is larger than ${maxPayloadBytes} bytes`, {
      detail: { limit: maxPayloadBytes },
    });
  }
  const problems = inputProblems(version.definition, runInput);
  if (problems.length) throw AppError.validation(problems, 'The input does not match the flow’s inputSchema');
  // Last, just before the insert: the tenant's admission lock is then held for the shortest time.
  const admission = await claimAdmission(m, spec.tenantId, spec.quotas);
  const run = await insertRun(m, {
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

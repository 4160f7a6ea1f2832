import { resolveQuotas, type TenantQuotas } from '@stepline/domain';
import type { EntityManager } from 'typeorm';
import { admitPendingRuns, lockSlots } from '../persistence/repositories/admission.repository.js';

/**
 * Fair admission (docs/adr/0007-fair-admission.md): a tenant has `maxConcurrentRuns` execution
 * slots. A run started while one is free (and none of the tenant's runs wait before it) holds one
 * and is enqueued; otherwise it waits in Postgres, `queued` without a job, until a slot frees and
 * the worker's admitter gives it one. The shared queue so holds at most the cap of each tenant, so
 * one tenant's backlog delays another's runs by at most the others' caps.
 */

/** For the insertion path, in its tenant transaction: does the new run hold a slot or wait? */
export async function claimAdmission(
  m: EntityManager,
  tenantId: string,
  quotas?: Pick<TenantQuotas, 'maxConcurrentRuns'>,
): Promise<'held' | 'pending'> {
  const slots = await lockSlots(m, tenantId);
  const cap = quotas?.maxConcurrentRuns ?? resolveQuotas(slots.settings).maxConcurrentRuns;
  return slots.held < cap && !slots.pending ? 'held' : 'pending';
}

/**
 * For the admitter, in the tenant's transaction: gives free slots to the oldest pending runs.
 * Answers the admitted run ids; enqueue them after the commit.
 */
export async function admitPending(
  m: EntityManager,
  tenantId: string,
  defaults?: TenantQuotas,
): Promise<string[]> {
  const slots = await lockSlots(m, tenantId);
  if (!slots.pending) return [];
  const cap = resolveQuotas(slots.settings, defaults).maxConcurrentRuns;
  return admitPendingRuns(m, tenantId, cap - slots.held);
}

/** A run just inserted that waits for a slot: its caller must not enqueue it. */
export const awaitsAdmission = (run: object): boolean =>
  (run as { admission?: unknown }).admission === 'pending';

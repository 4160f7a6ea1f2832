import type { TenantQuotas } from '@stepline/domain';
import type { UsageDay } from '@stepline/server';

/** At most this many days in one answer. */
export const MAX_USAGE_DAYS = 366;
/** Days answered when `from` is left out. */
export const DEFAULT_USAGE_DAYS = 30;
export const DAY_REGEX = /^\d{4}-\d{2}-\d{2}$/;

export interface UsageView {
  from: string;
  to: string;
  /** Every day of the range, oldest first; a day without runs is zeros. */
  days: UsageDay[];
  totals: { runs: number; steps: number; stepSeconds: number };
  /** The quotas in force (the tenant's settings over the platform defaults). */
  quotas: TenantQuotas;
  /** Runs holding a slot now, and runs waiting for one (fair admission). */
  slots: { held: number; pending: number };
}

import { RunStartLimiter } from '@stepline/server';
import { tenantQuery } from './tenant-db.js';
import type { TestApi } from './test-api.js';

/**
 * Gives the tenant `perMinute` run starts per minute (its settings become just that) and drops
 * the API's cached quotas of it, so the very next start counts against the new limit.
 */
export async function setRunStartsPerMinute(
  api: TestApi,
  tenantId: string,
  perMinute: number,
): Promise<void> {
  await tenantQuery(api.db.ownerUrl, tenantId, `UPDATE tenants SET settings = $2::jsonb WHERE id = $1`, [
    tenantId,
    JSON.stringify({ runStartsPerMinute: perMinute }),
  ]);
  api.app.get(RunStartLimiter).invalidate(tenantId);
}

import type { components } from './generated/openapi.js';
import type { ApiTransport } from './transport.js';

/** A tenant's usage per UTC day with the quotas in force and its runs' slots now. */
export type Usage = components['schemas']['UsageDto'];
export type UsageDay = components['schemas']['UsageDayDto'];
export type Quotas = components['schemas']['QuotasDto'];

export interface UsageRange {
  /** First UTC day, `YYYY-MM-DD` (default: 29 days before `to`). */
  from?: string;
  /** Last UTC day, `YYYY-MM-DD` (default: today). */
  to?: string;
}

/** `stepline.usage`: runs, steps and step-seconds per day (admins and `admin` keys). */
export class UsageApi {
  constructor(private readonly t: ApiTransport) {}

  /** Every day of the range (zeros where nothing ran), totals, quotas and slots. */
  get(range: UsageRange = {}): Promise<Usage> {
    return this.t.call(this.t.raw.GET('/v1/usage', { params: { query: range } }));
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { AppError, type FieldProblem, type Principal } from '@stepline/domain';
import {
  admissionCounts,
  DATA_SOURCE,
  inTenant,
  listUsageDays,
  RunStartLimiter,
  type UsageDay,
} from '@stepline/server';
import type { DataSource } from 'typeorm';
import { DAY_REGEX, DEFAULT_USAGE_DAYS, MAX_USAGE_DAYS, type UsageView } from './usage.types.js';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parseDay = (day: string): number | null => {
  if (!DAY_REGEX.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || dayOf(ms) !== day ? null : ms;
};

/** The UTC day range asked for: `to` defaults to today, `from` to 29 days before `to`. */
export function usageRange(
  from: string | undefined,
  to: string | undefined,
  now = Date.now(),
): [string, string] {
  const problems: FieldProblem[] = [];
  const toMs = to === undefined ? parseDay(dayOf(now)) : parseDay(to);
  if (toMs === null) problems.push({ path: '/to', code: 'field.invalid', message: 'a day, YYYY-MM-DD' });
  const fromMs = from === undefined ? (toMs ?? 0) - (DEFAULT_USAGE_DAYS - 1) * DAY_MS : parseDay(from);
  if (fromMs === null) problems.push({ path: '/from', code: 'field.invalid', message: 'a day, YYYY-MM-DD' });
  if (problems.length) throw AppError.validation(problems);
  const span = ((toMs as number) - (fromMs as number)) / DAY_MS + 1;
  if (span < 1 || span > MAX_USAGE_DAYS) {
    throw AppError.validation([
      {
        path: '/from',
        code: 'field.range',
        message: `from must be on or before to, at most ${MAX_USAGE_DAYS} days`,
      },
    ]);
  }
  return [dayOf(fromMs as number), dayOf(toMs as number)];
}

/** Fills the days without a row with zeros, so a chart has every day of the range. */
function everyDay(from: string, to: string, recorded: UsageDay[]): UsageDay[] {
  const byDay = new Map(recorded.map((d) => [d.day, d]));
  const days: UsageDay[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); dayOf(ms) <= to; ms += DAY_MS) {
    const day = dayOf(ms);
    days.push(byDay.get(day) ?? { day, runs: 0, steps: 0, stepSeconds: 0 });
  }
  return days;
}

/**
 * A tenant's usage per UTC day (runs, step attempts, step-seconds), aggregated in the background
 * by the worker (`refresh_usage_daily`, every `USAGE_INTERVAL_MS`), with its quotas beside it.
 */
@Injectable()
export class UsageService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly limiter: RunStartLimiter,
  ) {}

  async get(principal: Principal, from?: string, to?: string): Promise<UsageView> {
    const [first, last] = usageRange(from, to);
    const { tenantId } = principal;
    const { recorded, slots } = await inTenant(this.db, tenantId, async (m) => ({
      recorded: await listUsageDays(m, tenantId, first, last),
      slots: await admissionCounts(m, tenantId),
    }));
    const days = everyDay(first, last, recorded);
    const totals = days.reduce(
      (t, d) => ({
        runs: t.runs + d.runs,
        steps: t.steps + d.steps,
        stepSeconds: t.stepSeconds + d.stepSeconds,
      }),
      { runs: 0, steps: 0, stepSeconds: 0 },
    );
    totals.stepSeconds = Math.round(totals.stepSeconds * 100) / 100;
    this.limiter.invalidate(tenantId);
    const quotas = await this.limiter.quotas(tenantId);
    return { from: first, to: last, days, totals, quotas, slots };
  }
}

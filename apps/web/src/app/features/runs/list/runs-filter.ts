import type { RunFilterInput } from '../runs.graphql';

/** Which runs the list shows, as the filter form holds it (days, not instants). */
export interface RunsFilter {
  flowId: string | null;
  statuses: readonly string[];
  trigger: string | null;
  /** First day included, `yyyy-mm-dd` in the user's time zone. */
  from: string | null;
  /** Last day included, `yyyy-mm-dd`. */
  to: string | null;
  tests: 'all' | 'only' | 'exclude';
}

export const NO_FILTER: RunsFilter = {
  flowId: null,
  statuses: [],
  trigger: null,
  from: null,
  to: null,
  tests: 'all',
};

/** Local midnight of a day, plus some days, as ISO 8601. */
const startOfDay = (day: string, plusDays = 0): string => {
  const date = new Date(`${day}T00:00:00`);
  date.setDate(date.getDate() + plusDays);
  return date.toISOString();
};

/** The API's filter: `to` becomes the start of the day after, so the last day is included. */
export const toApiFilter = (filter: RunsFilter): RunFilterInput => ({
  ...(filter.flowId ? { flowId: filter.flowId } : {}),
  ...(filter.statuses.length ? { status: [...filter.statuses] } : {}),
  ...(filter.trigger ? { trigger: [filter.trigger] } : {}),
  ...(filter.from ? { from: startOfDay(filter.from) } : {}),
  ...(filter.to ? { to: startOfDay(filter.to, 1) } : {}),
  ...(filter.tests === 'all' ? {} : { isTest: filter.tests === 'only' }),
});

export const isFiltered = (filter: RunsFilter): boolean =>
  filter.flowId !== null ||
  filter.statuses.length > 0 ||
  filter.trigger !== null ||
  filter.from !== null ||
  filter.to !== null ||
  filter.tests !== 'all';

import type { Principal } from '@stepline/domain';
import type { FlowRecord, FlowRunStats, VersionRecord, VersionWithDefinition } from '@stepline/server';
import type { FlowRunStatsView, FlowVersionDetailView, FlowVersionView, FlowView } from './flows.types.js';

/** Records from `@stepline/server`'s flows repository, as the API shows them. No SQL here. */

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toFlow = (r: FlowRecord): FlowView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  tags: r.tags,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  archivedAt: iso(r.archivedAt),
  draftRevision: r.draftRevision,
  publishedVersion: r.publishedVersion,
  latestVersion: r.latestVersion,
});

export const toRunStats = (s: FlowRunStats, since: Date): FlowRunStatsView => ({
  since: since.toISOString(),
  runCount: s.runCount,
  succeeded: s.succeeded,
  finished: s.finished,
  successRate: s.finished > 0 ? s.succeeded / s.finished : null,
  lastRun: s.lastRun && { ...s.lastRun, createdAt: s.lastRun.createdAt.toISOString() },
});

export const toVersion = (r: VersionRecord): FlowVersionView => ({
  number: r.number,
  status: r.status,
  changeNote: r.changeNote,
  revision: r.revision,
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  publishedAt: iso(r.publishedAt),
});

export const toVersionDetail = (r: VersionWithDefinition): FlowVersionDetailView => ({
  ...toVersion(r),
  definition: r.definition ?? {},
});

/** The user behind a change; API keys are named in the audit log instead. */
export const userIdOf = (p: Principal): string | null => (p.kind === 'user' ? p.userId : null);

import type { DefinitionDiff, FieldProblem, RunStatus } from '@stepline/domain';
import type { FlowVersionStatus } from '@stepline/server';

/** A flow as lists and reads show it, with where its versions stand. */
export interface FlowView {
  id: string;
  name: string;
  description: string | null;
  tags: string[];
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  /** Revision of the saved draft; null when nothing is left unpublished. */
  draftRevision: number | null;
  publishedVersion: number | null;
  latestVersion: number;
}

/** How long back the run counts and success rate of a flow look. */
export const RUN_STATS_DAYS = 30;

/** A flow's real (non-test) runs: counts over the last `RUN_STATS_DAYS`, and its newest run. */
export interface FlowRunStatsView {
  /** Start of the window the counts cover. */
  since: string;
  runCount: number;
  succeeded: number;
  /** Runs that reached a terminal status (succeeded, failed, cancelled, timed out). */
  finished: number;
  /** succeeded / finished; null when none finished. */
  successRate: number | null;
  /** The newest run, even from before the window; null when the flow never ran. */
  lastRun: { id: string; status: RunStatus; createdAt: string } | null;
}

/** A row of the flows list: the flow and how its runs went. */
export interface FlowListItemView extends FlowView {
  runStats: FlowRunStatsView;
}

/**
 * The draft to edit. When none is saved (right after a publish) it is the published definition,
 * offered as the next version number; saving it creates that version (`saved` becomes true).
 */
export interface FlowDraftView {
  flowId: string;
  version: number;
  /** The ETag (`"<revision>"`) a write must name in If-Match. */
  revision: number;
  saved: boolean;
  definition: Record<string, unknown>;
  /** What publish would refuse, as `validateDefinition` reports it; empty when publishable. */
  problems: FieldProblem[];
}

export interface CreatedFlowView extends FlowView {
  draft: FlowDraftView;
}

export interface FlowVersionView {
  number: number;
  status: FlowVersionStatus;
  changeNote: string | null;
  revision: number;
  createdBy: string | null;
  createdAt: string;
  publishedAt: string | null;
}

export interface FlowVersionDetailView extends FlowVersionView {
  definition: Record<string, unknown>;
}

/** A side of a diff: a version number, or the draft (`version` then holds its number). */
export interface DiffSide {
  version: number;
  status: FlowVersionStatus;
}

export interface FlowDiffView extends DefinitionDiff {
  from: DiffSide;
  to: DiffSide;
}

export type FlowStatusFilter = 'active' | 'archived';

export interface FlowListFilter {
  q?: string;
  tag?: string;
  status?: FlowStatusFilter;
}

export interface CreateFlowInput {
  name: string;
  description?: string | null;
  tags?: string[];
  definition?: unknown;
}

export interface UpdateFlowInput {
  name?: string;
  /** null clears it. */
  description?: string | null;
  tags?: string[];
}

export interface RollbackInput {
  version: number;
  changeNote?: string | null;
}

/** Limits shared by the services, REST DTOs and GraphQL inputs. */
export const FLOW_LIMITS = {
  name: 200,
  description: 2_000,
  tags: 20,
  tag: 50,
  changeNote: 1_000,
  operations: 500,
} as const;

/** `draft` or a version number, as diff endpoints take them. */
export type VersionRef = number | 'draft';

export const VERSION_REF_PATTERN = /^(draft|[1-9][0-9]{0,8})$/;

export const versionRefOf = (text: string): VersionRef => (text === 'draft' ? 'draft' : Number(text));

import type { FlowSummary } from './flows.graphql';

export type FlowStatusKind = 'published' | 'draft' | 'archived';

export interface FlowStatus {
  kind: FlowStatusKind;
  label: string;
  /** A published flow whose draft has changes not yet published. */
  unpublishedChanges: boolean;
}

/** "Archived", "Published vN" or "Draft only", the way the flows list shows a flow. */
export const flowStatusOf = (
  flow: Pick<FlowSummary, 'archivedAt' | 'publishedVersion' | 'draftRevision'>,
): FlowStatus => {
  if (flow.archivedAt !== null) return { kind: 'archived', label: 'Archived', unpublishedChanges: false };
  if (flow.publishedVersion === null)
    return { kind: 'draft', label: 'Draft only', unpublishedChanges: false };
  return {
    kind: 'published',
    label: `Published v${flow.publishedVersion}`,
    unpublishedChanges: flow.draftRevision !== null,
  };
};

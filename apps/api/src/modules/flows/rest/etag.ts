import type { Response } from 'express';
import type { FlowDraftView } from '../flows.types.js';
import { etagOf } from '../revision-precondition.js';

/** Answers a draft with its revision as the ETag, the value the next write names in If-Match. */
export function withEtag(res: Response, draft: FlowDraftView): FlowDraftView {
  res.setHeader('ETag', etagOf(draft.revision));
  return draft;
}

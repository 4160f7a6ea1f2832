import { requestContext } from '@stepline/server';
import type { Request } from 'express';

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const requestMetaOf = (req: Request | undefined): RequestMeta => ({
  ip: req?.ip ?? null,
  userAgent: req?.header?.('user-agent')?.slice(0, 512) ?? null,
  requestId: requestContext.current()?.requestId ?? null,
});

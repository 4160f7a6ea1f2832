import { graphql } from '../../../core/graphql/generated';
import type { AuditLogFilterInput, AuditLogQuery } from '../../../core/graphql/generated/graphql';

// 20: the API's query-cost limit (5,000) refuses 50 entries with before/after and their actor and target.
export const AUDIT_PAGE_SIZE = 20;

export const AuditLogDocument = graphql(`
  query AuditLog($filter: AuditLogFilterInput, $limit: Int!, $cursor: String) {
    auditLog(filter: $filter, limit: $limit, cursor: $cursor) {
      data {
        id
        action
        actor {
          type
          id
          label
        }
        target {
          type
          id
        }
        before
        after
        ip
        userAgent
        requestId
        createdAt
      }
      nextCursor
    }
  }
`);

/** One audit row; before/after arrive with secrets redacted. */
export type AuditEntry = AuditLogQuery['auditLog']['data'][number];
/** Filters of the list and the export; times are ISO 8601, `from` inclusive, `to` exclusive. */
export type AuditFilter = AuditLogFilterInput;

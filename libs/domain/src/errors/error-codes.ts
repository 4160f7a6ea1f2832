/**
 * Every error the platform reports carries one of these stable codes. Clients and tests match on
 * codes, never on messages. The HTTP status of each code is fixed here, once, so the REST filter,
 * the GraphQL error mapping and the SDK agree.
 */
export const ERROR_CODES = {
  'validation.failed': 422,
  'request.invalid': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.token_expired': 401,
  'auth.token_invalid': 401,
  'auth.refresh_reused': 401,
  'auth.rate_limited': 429,
  'permission.denied': 403,
  'resource.not_found': 404,
  'route.not_found': 404,
  'method.not_allowed': 405,
  'resource.conflict': 409,
  'precondition.failed': 412,
  'precondition.required': 428,
  'quota.exceeded': 429,
  /** The tenant's run starts per minute are used up; `Retry-After` says when the next one fits. */
  'quota.run_starts_exceeded': 429,
  /** A run input or event payload larger than the tenant's `maxPayloadBytes`. */
  'quota.payload_too_large': 413,
  /** A run tried to start more step attempts than the tenant's `maxStepsPerRun` (the run fails). */
  'quota.max_steps_exceeded': 422,
  /** A forEach over more items than the tenant's `maxForEachItems` (the step fails). */
  'quota.foreach_items_exceeded': 422,
  'member.last_owner': 409,
  'member.already_member': 409,
  'invitation.pending': 409,
  'invitation.already_accepted': 409,
  'invitation.expired': 410,
  'invitation.revoked': 410,
  'flow.archived': 409,
  'flow.invalid_definition': 422,
  'version.immutable': 409,
  'flow.no_draft': 409,
  'flow.not_published': 409,
  'run.not_cancellable': 409,
  'run.not_retryable': 409,
  'run.not_resumable': 409,
  'idempotency.key_reused': 422,
  'dependency.unavailable': 503,
  'internal.error': 500,
  /** A cursor that this API did not issue (or issued for another list). */
  'pagination.invalid_cursor': 400,
  /** A JSON body or GraphQL variables nested deeper than the configured limit. */
  'request.too_deep': 400,
  /** A GraphQL operation whose estimated cost exceeds the limit; refused before execution. */
  'graphql.too_complex': 400,
  /** More aliased fields in one GraphQL operation than allowed. */
  'graphql.too_many_aliases': 400,
  /** A GraphQL selection nested deeper than allowed. */
  'graphql.too_deep': 400,
  /** A request line or headers past Node's limit (16 KiB by default), refused before any routing. */
  'request.headers_too_large': 431,
  /** Another secret of the tenant has this name (names are unique per tenant). */
  'secret.name_taken': 409,
  /** The approval was decided already (or settled by its timeout, or its run ended). */
  'approval.already_decided': 409,
  /** The approval step names its deciders and the caller is not one of them. */
  'approval.not_assignee': 403,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const httpStatusOf = (code: ErrorCode): number => ERROR_CODES[code];

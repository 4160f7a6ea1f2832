/**
 * What a draft write expects the draft's revision to be: `*` (any — an explicit overwrite) or the
 * revisions the caller has seen. REST takes it from `If-Match`, GraphQL from a `revision` argument.
 */
export type RevisionPrecondition = '*' | readonly number[];

const STRONG_TAG = /^"(\d{1,9})"$/;

/** The strong ETag of a draft revision. */
export const etagOf = (revision: number): string => `"${revision}"`;

/**
 * Parses `If-Match` (RFC 9110 §13.1.1): `*` or a list of entity tags. Weak (`W/"3"`) and malformed
 * tags are kept out of the list — they match no revision, so the write fails with 412 rather
 * than being taken as unconditional. Undefined when the header is absent.
 */
export function parseIfMatch(header: string | undefined): RevisionPrecondition | undefined {
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (trimmed === '*') return '*';
  return trimmed
    .split(',')
    .map((tag) => STRONG_TAG.exec(tag.trim()))
    .flatMap((match) => (match ? [Number(match[1])] : []));
}

export const matchesRevision = (expected: RevisionPrecondition, revision: number): boolean =>
  expected === '*' || expected.includes(revision);

import { problemOf } from './problem';

/**
 * The failing fields of a problem (`errors[]` of `validation.failed`), keyed by form control:
 * `/email` → `email`. A field with several problems keeps the first. `wording` replaces the API's
 * message for a `path code` pair (e.g. `'/email field.taken'`); otherwise the API's message is
 * shown, capitalised. Paths the form has no control for are left out.
 */
export const fieldProblems = <F extends string>(
  error: unknown,
  fields: readonly F[],
  wording: Readonly<Record<string, string>> = {},
): Partial<Record<F, string>> => {
  const problem = problemOf(error);
  const result: Partial<Record<F, string>> = {};
  for (const item of [...(problem?.errors ?? []), ...(problem?.problems ?? [])]) {
    const field = item.path?.replace(/^\//, '') as F;
    if (!fields.includes(field) || result[field] !== undefined) continue;
    result[field] = wording[`${item.path} ${item.code}`] ?? sentence(item.message);
  }
  return result;
};

/** The problem code of a failed call (GraphQL or REST), if the API sent one. */
export const problemCodeOf = (error: unknown): string | undefined => problemOf(error)?.code;

const sentence = (message: string | undefined): string => {
  const text = (message ?? '').trim();
  if (!text) return 'This value is not valid.';
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
};

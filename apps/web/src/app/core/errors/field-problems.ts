import { problemOf } from './problem';

/**
 * The failing fields of a problem (`errors[]` of `validation.failed`), keyed by form control:
 * `/email` → `email`, `/config/cron` → `config/cron`; a path inside a listed one goes to it
 * (`/config/headers/2` → `config/headers`). A field with several problems keeps the first.
 * `wording` replaces the API's message for a `path code` pair (e.g. `'/email field.taken'`);
 * otherwise the API's message is shown, capitalised. Paths the form has no control for are left
 * out (`placeProblems` answers them too).
 */
export const fieldProblems = <F extends string>(
  error: unknown,
  fields: readonly F[],
  wording: Readonly<Record<string, string>> = {},
): Partial<Record<F, string>> => placeProblems(error, fields, wording).fields;

/** A problem's failing fields: those a form shows next to a control, and the rest. */
export interface PlacedProblems<F extends string> {
  fields: Partial<Record<F, string>>;
  /** The messages (sentences) of failing fields with no control: for the form's general message. */
  unplaced: string[];
}

/** Like `fieldProblems`, also answering the messages of the paths no listed field holds. */
export const placeProblems = <F extends string>(
  error: unknown,
  fields: readonly F[],
  wording: Readonly<Record<string, string>> = {},
): PlacedProblems<F> => {
  const problem = problemOf(error);
  const placed: Partial<Record<F, string>> = {};
  const unplaced: string[] = [];
  for (const item of [...(problem?.errors ?? []), ...(problem?.problems ?? [])]) {
    const field = controlOf(item.path, fields);
    const message = wording[`${item.path} ${item.code}`] ?? sentence(item.message);
    if (field === undefined) unplaced.push(message);
    else placed[field] ??= message;
  }
  return { fields: placed, unplaced };
};

/** The listed field a JSON pointer names or lies inside, if any. */
const controlOf = <F extends string>(path: string | undefined, fields: readonly F[]): F | undefined => {
  let key = (path ?? '').replace(/^\//, '');
  for (;;) {
    if ((fields as readonly string[]).includes(key)) return key as F;
    const cut = key.lastIndexOf('/');
    if (cut < 0) return undefined;
    key = key.slice(0, cut);
  }
};

/** The problem code of a failed call (GraphQL or REST), if the API sent one. */
export const problemCodeOf = (error: unknown): string | undefined => problemOf(error)?.code;

const sentence = (message: string | undefined): string => {
  const text = (message ?? '').trim();
  if (!text) return 'This value is not valid.';
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
};

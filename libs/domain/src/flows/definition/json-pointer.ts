/** JSON pointer helpers (RFC 6901): problem paths are pointers into the definition. */

export const escapePointerToken = (token: string | number): string =>
  String(token).replace(/~/g, '~0').replace(/\//g, '~1');

export const pointer = (...tokens: (string | number)[]): string =>
  tokens.map((token) => `/${escapePointerToken(token)}`).join('');

export const joinPointer = (base: string, ...tokens: (string | number)[]): string =>
  base + pointer(...tokens);

const dottedPointers = new Map<string, string>();

/** `a.b.c` → `/a/b/c`; config field paths in step types are dotted (few, so memoized). */
export const dottedToPointer = (dotted: string): string => {
  let converted = dottedPointers.get(dotted);
  if (converted === undefined) dottedPointers.set(dotted, (converted = pointer(...dotted.split('.'))));
  return converted;
};

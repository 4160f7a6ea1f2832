import fc from 'fast-check';

/**
 * fast-check arbitraries of hostile client input, shared by the REST and GraphQL sweeps: strings
 * with NUL, C0 controls and lone surrogates, numbers past every column type, wrong types, deep and
 * wide JSON, unknown and `__proto__` keys, forged cursors made from valid ones.
 */

/** Any UTF-16 unit, lone surrogates and controls included (fc's own strings are well-formed). */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));
const controlUnit = fc.integer({ min: 0, max: 0x1f }).map((u) => String.fromCharCode(u));
const surrogateUnit = fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u));

const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udc00x',
  'x\ud83d',
  '\u001b[31mred',
  'line\nbreak',
  '\t',
  '\r\n',
  '\ufeff',
  '\u202etxt',
  '%00',
  '%',
  "' OR '1'='1",
  '"; DROP TABLE flows; --',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '-1',
  '0',
  '2147483648',
  '-2147483649',
  '99999999999999999999',
  '1e400',
  'true',
  '2020-02-30T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '0000-00-00T00:00:00Z',
  'draft',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '*',
  '{{ steps.x.output }}',
  '$(whoami)',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: anyUnit, maxLength: 24 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 8 }), fc.oneof(controlUnit, surrogateUnit), fc.string({ maxLength: 8 }))
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(10_000), '𝕏'.repeat(3_000), 'é'.repeat(1_000)) },
);

/**
 * Plausible text with one bad character in it: NUL, another C0 control, or a lone surrogate — the
 * strings that used to reach Postgres.
 */
export const hostileText: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 10 }),
    fc.oneof(
      { weight: 3, arbitrary: fc.constant('\u0000') },
      { weight: 1, arbitrary: controlUnit },
      { weight: 2, arbitrary: surrogateUnit },
    ),
    fc.string({ unit: 'grapheme-ascii', maxLength: 10 }),
  )
  .map((parts) => parts.join(''));

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    1.5,
    -0.5,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53 + 2,
    -(2 ** 53) - 2,
    1e308,
    -1e308,
    5e-324,
    999_999_999_999,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** JSON of every type, nested a little, with hostile leaves and keys. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype')),
      tie('value'),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

/** JSON text nested deeper than any limit: as bytes, since building the object is the attack. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(65, 300, 2_500, 20_000), fc.constantFrom('[', '{"a":'))
  .map(
    ([depth, open]) => `{"name":"x","zz":${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}}`,
  );

/** Bodies that are not JSON objects at all, or not JSON. */
export const malformedBodyText: fc.Arbitrary<string> = fc.constantFrom(
  '{',
  '{"a":',
  '[]',
  '"just a string"',
  '12',
  'null',
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":true}}}',
  `{"a":[${'0,'.repeat(120_000)}0]}`,
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '\u0000',
);

/** Percent-encodes like an attacker: lone surrogates become their (invalid) 3-byte UTF-8 form. */
export function percentEncode(value: string): string {
  let out = '';
  for (const char of value) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** Raw (already encoded) query or path fragments that no encoder would produce. */
export const rawEncoded: fc.Arbitrary<string> = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%FF',
  '%2e%2e',
  '%2F',
  '%00',
);

const decode = (cursor: string): unknown => {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
};
const encode = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');

/** A valid cursor re-encoded with one field changed, removed, added or retyped. */
export function forgedCursor(validCursors: string[]): fc.Arbitrary<string> {
  const garbage = fc.oneof(hostileString, fc.constantFrom('e30', 'bnVsbA', 'W10', 'eyJ0IjoxfQ'));
  if (validCursors.length === 0) return garbage;
  const mutated = fc
    .tuple(
      fc.constantFrom(...validCursors),
      fc.nat(),
      hostileJson,
      fc.constantFrom('set', 'delete', 'add', 'wrap'),
    )
    .map(([cursor, pick, value, how]) => {
      const decoded = decode(cursor);
      if (!decoded || typeof decoded !== 'object') return encode(value);
      const record = { ...(decoded as Record<string, unknown>) };
      const keys = Object.keys(record);
      const key = keys[pick % keys.length];
      if (how === 'set') record[key] = value;
      else if (how === 'delete') delete record[key];
      else if (how === 'add') record[`x${pick % 3}`] = value;
      else return encode([record]);
      return encode(record);
    });
  const timeShifted = fc
    .tuple(
      fc.constantFrom(...validCursors),
      fc.constantFrom(
        '1',
        '2020-02-30T00:00:00Z',
        '+275760-09-13T00:00:00.000Z',
        '0001-01-01T00:00:00Z',
        '9999-12-31T23:59:59.999999Z',
        '-000001-01-01T00:00:00Z',
      ),
      fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 0, 2 ** 53 + 2),
    )
    .map(([cursor, t, n]) => {
      const decoded = decode(cursor) as Record<string, unknown> | undefined;
      if (!decoded || typeof decoded !== 'object') return cursor;
      return encode(
        Object.fromEntries(
          Object.entries(decoded).map(([k, v]) => [k, typeof v === 'number' ? n : k === 't' ? t : v]),
        ),
      );
    });
  return fc.oneof(
    { weight: 3, arbitrary: mutated },
    { weight: 2, arbitrary: timeShifted },
    { weight: 1, arbitrary: garbage },
  );
}

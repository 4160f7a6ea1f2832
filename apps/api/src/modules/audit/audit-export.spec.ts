import { describe, expect, it } from 'vitest';
import { csvField } from './audit-export.js';

describe('csvField', () => {
  it('leaves plain values bare and writes null as an empty field', () => {
    expect(csvField('flow.published')).toBe('flow.published');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('quotes commas, quotes, CR and LF, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\r\ntwo')).toBe('"one\r\ntwo"');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    for (const lead of ['=', '+', '-', '@', '\t']) expect(csvField(`${lead}1+1`)).toBe(`'${lead}1+1`);
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`);
  });
});

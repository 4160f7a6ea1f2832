import { describe, expect, it } from 'vitest';
import { capOutput } from './output-cap.js';

describe('capOutput', () => {
  it('answers the JSON text of the value it keeps', () => {
    const value = { a: 'é', b: [1, null] };
    expect(capOutput(value, 1_000)).toEqual({ value, truncated: false, json: JSON.stringify(value) });
  });

  it('answers the marker and its JSON text when the output is over the cap, measured in UTF-8 bytes', () => {
    const value = 'é'.repeat(600); // 600 characters, 1,202 bytes as JSON
    const capped = capOutput(value, 1_000);
    expect(capped.truncated).toBe(true);
    expect(capped.value).toMatchObject({ $truncated: true, bytes: 1_202 });
    expect(JSON.parse(capped.json)).toEqual(capped.value);
  });

  it('keeps an output exactly at the cap', () => {
    const value = 'x'.repeat(998); // 1,000 bytes as JSON
    expect(capOutput(value, 1_000).truncated).toBe(false);
  });

  it('answers null for nothing', () => {
    expect(capOutput(undefined, 10)).toEqual({ value: null, truncated: false, json: 'null' });
    expect(capOutput(() => 1, 10)).toEqual({ value: null, truncated: false, json: 'null' });
  });
});

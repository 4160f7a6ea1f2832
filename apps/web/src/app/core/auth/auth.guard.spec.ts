import { describe, expect, it } from 'vitest';
import { safeReturnUrl } from './auth.guard';

describe('safeReturnUrl', () => {
  it('follows a path inside the app', () => {
    expect(safeReturnUrl('/runs?status=failed')).toBe('/runs?status=failed');
  });

  it('goes to the flows without one, or for one that leaves the app or loops to sign-in', () => {
    for (const url of [undefined, '', 'https://evil.example', '//evil.example', '/\\evil.example', '/login'])
      expect(safeReturnUrl(url)).toBe('/flows');
  });
});

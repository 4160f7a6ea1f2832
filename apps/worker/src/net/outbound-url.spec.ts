import { isStepFailure } from '@stepline/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toStepFailure } from './outbound-errors.js';
import { parseOutboundUrl } from './outbound-url.js';

describe('outbound URLs', () => {
  it('accepts http and https URLs and drops the fragment', () => {
    expect(parseOutboundUrl('https://example.com/a?b=1#frag').href).toBe('https://example.com/a?b=1');
    expect(parseOutboundUrl('/next', new URL('http://example.com/a')).href).toBe('http://example.com/next');
  });

  it.each([
    'ftp://example.com/',
    'javascript:alert(1)',
    'data:text/plain,x',
    'http://u:p@example.com/',
    'http://u@example.com/',
    'nope',
    'file:///etc/passwd',
  ])('refuses %s with net.invalid_url', (url) => {
    expect(() => parseOutboundUrl(url)).toThrow(expect.objectContaining({ code: 'net.invalid_url' }));
  });

  it('either returns a credential-free http(s) URL or fails with net.invalid_url, for any input', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()),
        (raw) => {
          try {
            const url = parseOutboundUrl(raw);
            expect(['http:', 'https:']).toContain(url.protocol);
            expect(url.username + url.password).toBe('');
            expect(url.hash).toBe('');
          } catch (error) {
            expect(isStepFailure(error) && error.code).toBe('net.invalid_url');
          }
        },
      ),
    );
  });

  it('maps low-level errors to stable failure codes', () => {
    const error = (code: string) => Object.assign(new Error('x'), { code });
    expect(toStepFailure(error('UND_ERR_CONNECT_TIMEOUT'), 'h')).toMatchObject({
      code: 'net.timeout',
      detail: { phase: 'connect' },
    });
    expect(toStepFailure(error('ECONNRESET'), 'h')).toMatchObject({
      code: 'net.connect_failed',
      retryable: true,
    });
    expect(toStepFailure(error('HPE_INVALID_CONSTANT'), 'h')).toMatchObject({ code: 'net.connect_failed' });
    expect(toStepFailure(error('DEPTH_ZERO_SELF_SIGNED_CERT'), 'h')).toMatchObject({
      code: 'net.connect_failed',
      retryable: false,
    });
    expect(toStepFailure(error('UND_ERR_INVALID_ARG'), 'h')).toMatchObject({
      code: 'step.failed',
      retryable: false,
    });
    expect(toStepFailure(new Error('?'), 'h')).toMatchObject({ code: 'step.failed', detail: { host: 'h' } });
  });
});

import { describe, expect, it } from 'vitest';
import { classifyUrlHost } from './url-host.js';

describe('URL hosts', () => {
  it.each([
    ['http://2130706433/', { kind: 'ip', address: '127.0.0.1' }],
    ['http://0x7f.1/', { kind: 'ip', address: '127.0.0.1' }],
    ['http://[::ffff:7f00:1]/', { kind: 'ip', address: '127.0.0.1' }],
    ['http://[::1]/', { kind: 'ip', address: '0:0:0:0:0:0:0:1' }],
    ['http://localhost./', { kind: 'loopback-name', name: 'localhost' }],
    ['http://Admin.LOCALHOST/', { kind: 'loopback-name', name: 'admin.localhost' }],
    ['http://localhost.example.com/', { kind: 'name', name: 'localhost.example.com' }],
    ['http://API.example.com./', { kind: 'name', name: 'api.example.com' }],
  ])('classifies the host of %s', (url, expected) => {
    expect(classifyUrlHost(new URL(url).hostname)).toEqual(expected);
  });
});

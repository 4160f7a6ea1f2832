import { describe, expect, it } from 'vitest';
import { webhookUrlProblems } from './webhook-endpoint-url.js';

const ok = (url: string, allow: string[] = []) => expect(webhookUrlProblems(url, allow)).toEqual([]);
const refused = (url: string, allow: string[] = []) =>
  expect(webhookUrlProblems(url, allow).map((p) => p.path)).toEqual(['/url']);

describe('webhookUrlProblems', () => {
  it('accepts https URLs with a path, query and port', () => {
    ok('https://hooks.example.com/stepline?x=1');
    ok('https://hooks.example.com:8443/in');
  });

  it('refuses what is not an absolute http(s) URL', () => {
    for (const url of ['', 'hooks.example.com', '/relative', 'ftp://example.com/', 'javascript:alert(1)']) {
      refused(url);
    }
  });

  it('refuses credentials and fragments, which would end up in the delivery log', () => {
    refused('https://user:pass@example.com/');
    refused('https://example.com/#frag');
  });

  it('refuses plain http unless the host is an address the outbound allow-list opens', () => {
    refused('http://hooks.example.com/');
    refused('http://127.0.0.1:8080/');
    ok('http://127.0.0.1:8080/in', ['127.0.0.1/32']);
    ok('http://localhost:8080/in', ['127.0.0.0/8']);
    refused('http://10.0.0.5/', ['127.0.0.1/32']);
    refused('http://hooks.example.com/', ['0.0.0.0/0']);
  });

  it('refuses URLs past the length limit', () => {
    refused(`https://example.com/${'a'.repeat(3000)}`);
  });
});

import { describe, expect, it } from 'vitest';
import { normaliseSourceUrl, sameSourceUrl, sourceUrlProblem } from './source-url';

describe('source URLs', () => {
  it('compares without trailing slash, case of scheme and host, default ports or fragments', () => {
    expect(sameSourceUrl('http://127.0.0.1:18601', 'http://127.0.0.1:18601/')).toBe(true);
    expect(sameSourceUrl('HTTP://RPC.Example.org:443/v1/', 'https://rpc.example.org/v1')).toBe(false);
    expect(sameSourceUrl('HTTPS://RPC.Example.org:443/v1/', 'https://rpc.example.org/v1')).toBe(true);
    expect(sameSourceUrl('http://rpc.example.org:80', 'http://rpc.example.org')).toBe(true);
    expect(sameSourceUrl('http://rpc.example.org/#x', 'http://rpc.example.org')).toBe(true);
    expect(sameSourceUrl('http://rpc.example.org/?key=a', 'http://rpc.example.org/?key=b')).toBe(false);
    expect(sameSourceUrl('http://127.0.0.1:18601', 'http://127.0.0.1:18602')).toBe(false);
    expect(normaliseSourceUrl(' https://Rpc.Example.org/path/ ')).toBe('https://rpc.example.org/path');
  });

  it('says what is wrong with a URL that cannot be a source', () => {
    expect(sourceUrlProblem('ftp://x')).toBe('Only http(s) URLs can be sources; ftp is not supported.');
    expect(sourceUrlProblem('not a url')).toMatch(/^not a url is not a URL/);
    expect(sourceUrlProblem('')).toBe('Enter the source URL.');
    expect(sourceUrlProblem('https://user:pw@rpc.example.org')).toMatch(/no user name or password/);
    expect(sourceUrlProblem('https://rpc.example.org')).toBeNull();
  });
});

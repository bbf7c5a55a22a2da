import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUpstreamUrl, checkUpstreamPath } from './safe-path.ts';

describe('checkUpstreamPath', () => {
  it.each([
    ['/poslp/services/avvance-loan/v1/create', '/poslp/services/avvance-loan/v1/create', ''],
    ['/poslp/x?a=1&b=%20', '/poslp/x', 'a=1&b=%20'],
    ['/poslp/%76oid', '/poslp/%76oid', ''],
    ['/poslp/void;x=1', '/poslp/void;x=1', ''],
    [
      '/sandbox/v1/applications/7b83e6a2-0000-4000-8000-000000000000/submit',
      '/sandbox/v1/applications/7b83e6a2-0000-4000-8000-000000000000/submit',
      '',
    ],
  ])('accepts %j', (input, path, search) => {
    expect(checkUpstreamPath(input)).toEqual({ ok: true, path, search });
  });

  it.each([
    ['', '1–2048'],
    ['poslp/x', 'begin with "/"'],
    ['http://h/x', 'begin with "/"'],
    ['//h/x', '"//"'],
    ['/\\h', '"//"'],
    ['/a b', 'URL path characters'],
    ['/a@b', 'URL path characters'],
    ['/a:b', 'URL path characters'],
    ['/a/../b', 'dot segments'],
    ['/a/./b', 'dot segments'],
    ['/a/%2e%2e/b', 'dot segments'],
    ['/a/%252e%252e/b', 'dot segments'],
    ['/a%2fb', 'encoded "/"'],
    ['/a%252fb', 'encoded "/"'],
    ['/a%5cb', 'encoded "/"'],
    ['/a%40b', '"@"'],
    ['/a%3ab', '":"'],
    ['/a%0d%0ab', 'control'],
    ['/a%zz', 'malformed'],
    ['/a%2525252fb', 'too many layers'],
    ['/a//b', '"//"'],
    ['/a?x#y', 'query'],
  ])('refuses %j (%s)', (input, reason) => {
    const r = checkUpstreamPath(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('never yields a URL off the base origin (property)', () => {
    const base = new URL('http://127.0.0.1:9/');
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tail) => {
        const r = checkUpstreamPath(`/${tail}`);
        if (!r.ok) return true;
        const url = buildUpstreamUrl(base, r.path, r.search);
        return url.origin === base.origin && url.pathname === r.path;
      }),
      { numRuns: 2000 },
    );
  });
});

describe('buildUpstreamUrl', () => {
  it('keeps the base path prefix and merges the query', () => {
    const url = buildUpstreamUrl(new URL('https://api.example.com/prefix/'), '/poslp/x', 'a=1', {
      b: ['2', '3'],
      c: 'x y',
    });
    expect(url.href).toBe('https://api.example.com/prefix/poslp/x?a=1&b=2&b=3&c=x+y');
  });
});

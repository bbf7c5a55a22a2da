import { describe, expect, it } from 'vitest';
import { requestToCurl } from '../curl.ts';
import { makeRequest } from './fixtures.ts';

const url = 'https://api.example/v1/x';

describe('requestToCurl output', () => {
  it('renders a GET with one argument per line', () => {
    const curl = requestToCurl(
      makeRequest({ url, headers: { accept: 'application/json', 'correlation-id': 'c-1' } }),
    );
    expect(curl).toBe(
      [
        "curl 'https://api.example/v1/x' \\",
        "  -H 'accept: application/json' \\",
        "  -H 'correlation-id: c-1'",
      ].join('\n'),
    );
  });

  it('uses -X only when curl would infer another method', () => {
    expect(requestToCurl(makeRequest({ url, method: 'GET' }))).not.toContain('-X');
    expect(requestToCurl(makeRequest({ url, method: 'POST', body: 'a=1' }))).not.toContain('-X');
    expect(requestToCurl(makeRequest({ url, method: 'POST' }))).toContain("-X 'POST'");
    expect(requestToCurl(makeRequest({ url, method: 'put', body: { a: 1 } }))).toContain("-X 'PUT'");
    expect(requestToCurl(makeRequest({ url, method: 'GET', body: 'x' }))).toContain("-X 'GET'");
    expect(requestToCurl(makeRequest({ url, method: 'DELETE' }))).toContain("-X 'DELETE'");
    expect(requestToCurl(makeRequest({ url, method: 'HEAD' }))).toContain('--head');
  });

  it('serializes parsed JSON bodies compactly and keeps raw text as is', () => {
    const json = requestToCurl(
      makeRequest({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: { a: [1, 'b'] },
      }),
    );
    expect(json).toContain(`--data-raw '{"a":[1,"b"]}'`);
    const form = requestToCurl(makeRequest({ url, method: 'POST', body: 'grant_type=client_credentials' }));
    expect(form).toContain("--data-raw 'grant_type=client_credentials'");
    expect(requestToCurl(makeRequest({ url, method: 'POST', body: null }))).toContain("--data-raw 'null'");
  });

  it('skips pseudo- and connection-level headers, keeps cookies as -H', () => {
    const curl = requestToCurl(
      makeRequest({
        url,
        headers: {
          ':authority': 'api.example',
          ':method': 'GET',
          host: 'api.example',
          'content-length': '12',
          connection: 'keep-alive',
          'transfer-encoding': 'chunked',
          cookie: 'sid=abc; theme=dark',
        },
      }),
    );
    expect(curl).toBe(`curl 'https://api.example/v1/x' \\\n  -H 'cookie: sid=abc; theme=dark'`);
  });

  it('turns accept-encoding into --compressed, except identity', () => {
    const gz = requestToCurl(makeRequest({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } }));
    expect(gz).toContain('--compressed');
    expect(gz).not.toContain('accept-encoding');
    const identity = requestToCurl(makeRequest({ url, headers: { 'accept-encoding': 'identity' } }));
    expect(identity).toContain("-H 'accept-encoding: identity'");
    expect(identity).not.toContain('--compressed');
  });

  it('sends empty header values with curl’s `name;` syntax', () => {
    expect(requestToCurl(makeRequest({ url, headers: { 'x-empty': '' } }))).toContain("-H 'x-empty;'");
  });

  it('stops curl adding a form content type to a body that had none', () => {
    expect(requestToCurl(makeRequest({ url, method: 'POST', body: 'raw' }))).toContain("-H 'content-type:'");
    const typed = requestToCurl(
      makeRequest({ url, method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'raw' }),
    );
    expect(typed).not.toContain("-H 'content-type:'");
  });

  it('adds --globoff for URLs with glob characters', () => {
    expect(requestToCurl(makeRequest({ url: `${url}?a[0]=1` }))).toContain('--globoff');
    expect(requestToCurl(makeRequest({ url }))).not.toContain('--globoff');
  });

  it('says what it cannot reproduce', () => {
    const lost = requestToCurl(makeRequest({ url, method: 'POST' }), { bodyStatus: 'discarded:too-large' });
    expect(lost.split('\n')[0]).toBe('# note: the request body was too large to keep and is not included');
    expect(requestToCurl(makeRequest({ url }), { bodyStatus: 'binary' })).toMatch(
      /^# note: the request body was binary/,
    );
    expect(requestToCurl(makeRequest({ url }), { bodyStatus: 'unavailable', shell: 'bash' })).toMatch(
      /^# note: .*not available/,
    );
    const nul = requestToCurl(makeRequest({ url, method: 'POST', body: 'a\0b' }));
    expect(nul).toMatch(/^# note: NUL characters/);
    expect(nul).toContain("--data-raw 'ab'");
    const folded = requestToCurl(makeRequest({ url, headers: { 'x-a': 'one\r\n two' } }));
    expect(folded).toMatch(/^# note: header values with line breaks/);
    expect(folded).toContain("-H 'x-a: one  two'");
  });
});

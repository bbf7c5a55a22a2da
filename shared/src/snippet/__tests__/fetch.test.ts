import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLog } from '../../model/logs.ts';
import { requestToFetch } from '../fetch.ts';
import { bodyText, snippetHeaders } from '../request-parts.ts';
import { type EchoServer, runNode, startEchoServer } from './echo-server.ts';
import { makeRequest } from './fixtures.ts';

const url = 'https://api.example/v1/x';

describe('requestToFetch output', () => {
  it('renders a POST with headers and a JSON body', () => {
    const js = requestToFetch(
      makeRequest({
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ':authority': 'api.example', 'content-length': '9' },
        body: { a: [1, 'b'], c: null },
      }),
    );
    expect(js).toBe(
      [
        'await fetch("https://api.example/v1/x", {',
        '  method: "POST",',
        '  headers: {',
        '    "content-type": "application/json",',
        '  },',
        '  body: JSON.stringify({',
        '    "a": [',
        '      1,',
        '      "b"',
        '    ],',
        '    "c": null',
        '  }),',
        '});',
      ].join('\n'),
    );
  });

  it('leaves out method for GET and headers when there are none', () => {
    expect(requestToFetch(makeRequest({ url }))).toBe('await fetch("https://api.example/v1/x", {\n});');
  });

  it('escapes strings as JS literals', () => {
    const js = requestToFetch(
      makeRequest({ url: `${url}?q="\\`, method: 'PUT', headers: { 'x-a': '"' }, body: 'a\n"b"' }),
    );
    expect(js).toContain('"https://api.example/v1/x?q=\\"\\\\"');
    expect(js).toContain('"x-a": "\\""');
    expect(js).toContain('body: "a\\n\\"b\\"",');
  });

  it('keeps a __proto__ key by sending the exact JSON text', () => {
    const body = JSON.parse('{"__proto__":{"x":1}}') as unknown;
    expect(requestToFetch(makeRequest({ url, method: 'POST', body }))).toContain(
      'body: "{\\"__proto__\\":{\\"x\\":1}}",',
    );
  });

  it('notes what fetch cannot send', () => {
    const get = requestToFetch(makeRequest({ url, method: 'GET', body: 'q' }));
    expect(get.split('\n')[0]).toBe(
      '// note: fetch cannot send a body with GET; the captured body is left out',
    );
    expect(get).not.toContain('body:');
    expect(requestToFetch(makeRequest({ url, method: 'POST' }), { bodyStatus: 'binary' })).toMatch(
      /^\/\/ note: the request body was binary/,
    );
    expect(requestToFetch(makeRequest({ url, headers: { 'x-n': 'Núñez' } }))).toMatch(
      /^\/\/ note: fetch sends header values as Latin-1/,
    );
  });
});

describe('generated fetch against a real server (Node fetch)', () => {
  let server: EchoServer;
  beforeAll(async () => {
    server = await startEchoServer();
  });
  afterAll(() => server.close());

  async function expectArrivesIntact(request: RequestLog) {
    const before = server.received.length;
    await runNode(requestToFetch(request));
    const got = server.received[before]!;
    expect(got.method).toBe(request.method);
    // fetch sends the WHATWG-serialized URL (it percent-encodes `'` in a query, for instance).
    const parsed = new URL(request.url);
    expect(got.target).toBe(parsed.pathname + parsed.search);
    for (const { name, value } of snippetHeaders(request.headers).headers)
      expect(got.headers[name], name).toBe(value.trim());
    expect(got.body).toBe(bodyText(request.body) ?? '');
  }

  it('sends nasty strings intact', async () => {
    await expectArrivesIntact(
      makeRequest({
        url: `${server.origin}/create?x=%27&y='$(id)'`,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Basic a2V5OnNlY3JldA==',
          'x-q': `it's "\\" \`x\``,
        },
        body: { name: "O'Brien </script> \u2028 😀", memo: 'a\r\nb\t\\' },
      }),
    );
    await expectArrivesIntact(
      makeRequest({ url: `${server.origin}/t`, method: 'POST', body: 'grant_type=client_credentials' }),
    );
  });

  it('delivers arbitrary ASCII headers and Unicode bodies intact (property)', {
    timeout: 60_000,
  }, async () => {
    // fetch header values are ByteStrings: only Latin-1 can travel, so the property stays ASCII there.
    const headerValue = fc.string({ unit: 'grapheme-ascii', maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
        fc.dictionary(fc.stringMatching(/^x-[a-z0-9-]{1,12}$/), headerValue, { maxKeys: 5 }),
        fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.jsonValue({ maxDepth: 3 })),
        async (method, headers, body) => {
          await expectArrivesIntact(makeRequest({ url: `${server.origin}/p`, method, headers, body }));
        },
      ),
      { numRuns: 8 },
    );
  });
});

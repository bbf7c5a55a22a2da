// Runs generated cURL commands with the real /usr/bin/curl (through bash) against a local server on
// 127.0.0.1 and checks that method, target, headers and body arrive byte for byte.
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLog } from '../../model/logs.ts';
import { requestToCurl } from '../curl.ts';
import { bodyText, snippetHeaders } from '../request-parts.ts';
import { type EchoServer, runBash, startEchoServer } from './echo-server.ts';
import { makeRequest } from './fixtures.ts';

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer();
});
afterAll(() => server.close());

const canary = join(tmpdir(), `avvance-snippet-canary-${process.pid}`);
const OWS = /^[ \t]+|[ \t]+$/g;

async function sendWithCurl(request: RequestLog) {
  const before = server.received.length;
  await runBash(`${requestToCurl(request)} --silent --show-error --max-time 5`);
  expect(server.received).toHaveLength(before + 1);
  return server.received[before]!;
}

async function expectArrivesIntact(request: RequestLog) {
  const got = await sendWithCurl(request);
  expect(got.method).toBe(request.method);
  expect(got.target).toBe(request.url.slice(server.origin.length));
  for (const { name, value } of snippetHeaders(request.headers).headers) {
    if (name === 'accept-encoding') continue;
    expect(got.headers[name], name).toBe(value.replace(OWS, ''));
  }
  const body = bodyText(request.body);
  if (body === undefined) {
    expect(got.body).toBe('');
    expect(got.headers['content-length']).toBeUndefined();
  } else {
    expect(got.body).toBe(body);
    expect(got.headers['content-length']).toBe(String(new TextEncoder().encode(body).length));
    if (request.headers['content-type'] === undefined) expect(got.headers['content-type']).toBeUndefined();
  }
  return got;
}

describe('generated cURL against a real server', () => {
  it('carries shell metacharacters literally and runs nothing', async () => {
    rmSync(canary, { force: true });
    const nasty = `it's $(touch ${canary}) \`touch ${canary}\` !! !$ \${HOME} \\ \\n "q"`;
    await expectArrivesIntact(
      makeRequest({
        url: `${server.origin}/poslp/services/avvance-loan/v1/create?note=${encodeURIComponent("it's $x")}&raw=it's`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-nasty': nasty, 'correlation-id': "c'1" },
        body: { consumer: { firstName: nasty, lastName: 'Ñúñez 😀 日本', memo: 'line1\nline2\r\n\ttabbed' } },
      }),
    );
    expect(existsSync(canary)).toBe(false);
  });

  it('sends a multi-line raw body with CR, tab and ESC (ANSI-C quoting)', async () => {
    await expectArrivesIntact(
      makeRequest({
        url: `${server.origin}/upload`,
        method: 'PUT',
        headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
        body: '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n\tvalue \u001b[0m\\\r\n--XyZ--\r\n',
      }),
    );
  });

  it('sends a form-encoded token request with Basic auth', async () => {
    const got = await expectArrivesIntact(
      makeRequest({
        url: `${server.origin}/auth/oauth2/v1/token`,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'Basic a2V5OnNlY3JldA==',
          cookie: 'sid=a; b=c=d',
        },
        body: 'grant_type=client_credentials&scope=a%20b&x=%27',
      }),
    );
    expect(got.headers['cookie']).toBe('sid=a; b=c=d');
  });

  it('keeps % escapes, brackets and quotes in the URL as they are', async () => {
    await expectArrivesIntact(
      makeRequest({ url: `${server.origin}/a%20b/%2F%25/c?x=%41&y[0]=1&z={a}&q='$(id)'`, method: 'GET' }),
    );
  });

  it('sends an empty body, an absent body and empty header values', async () => {
    const empty = await expectArrivesIntact(
      makeRequest({
        url: `${server.origin}/void`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '',
      }),
    );
    expect(empty.headers['content-length']).toBe('0');
    await expectArrivesIntact(
      makeRequest({ url: `${server.origin}/void`, method: 'POST', headers: { 'x-empty': '' } }),
    );
    await expectArrivesIntact(
      makeRequest({ url: `${server.origin}/status`, method: 'DELETE', headers: { 'x-a': '  ' } }),
    );
  });

  it('sends HEAD, PATCH and a GET with a body', async () => {
    await expectArrivesIntact(makeRequest({ url: `${server.origin}/h`, method: 'HEAD' }));
    await expectArrivesIntact(makeRequest({ url: `${server.origin}/p`, method: 'PATCH', body: { op: 'x' } }));
    await expectArrivesIntact(makeRequest({ url: `${server.origin}/g`, method: 'GET', body: 'q' }));
  });

  it('replaces accept-encoding with --compressed and skips pseudo-headers', async () => {
    const got = await expectArrivesIntact(
      makeRequest({
        url: `${server.origin}/c`,
        headers: {
          ':authority': 'example',
          'accept-encoding': 'gzip',
          host: 'elsewhere.example',
          'content-length': '99',
        },
      }),
    );
    expect(got.headers['accept-encoding']).toMatch(/gzip/);
    expect(got.headers['host']).toBe(server.origin.slice('http://'.length));
  });

  // Printable ASCII and any non-control Unicode (what HTTP header values may carry as UTF-8 bytes).
  const headerChar = fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.integer({ min: 0xa0, max: 0xd7ff }),
    fc.integer({ min: 0xe000, max: 0x10ffff }),
  );
  const headerValue = fc.string({ unit: headerChar.map((c) => String.fromCodePoint(c)), maxLength: 40 });
  const headerName = fc.stringMatching(/^x-[a-z0-9!#$%&'*+.^_`|~-]{1,16}$/);
  const anyBody = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }).map((s) => s.replaceAll('\0', '')),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constant(undefined),
  );

  it('delivers arbitrary headers, paths, queries and bodies intact (property)', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.dictionary(headerName, headerValue, { maxKeys: 6 }),
        anyBody,
        async (method, segment, query, headers, body) => {
          await expectArrivesIntact(
            makeRequest({
              url: `${server.origin}/p/${encodeURIComponent(segment)}?q=${encodeURIComponent(query)}`,
              method,
              headers,
              body,
            }),
          );
        },
      ),
      { numRuns: 25 },
    );
  });
});

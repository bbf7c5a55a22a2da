import { describe, expect, it, vi } from 'vitest';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import type { CaptureProblem } from '../capture-source.ts';
import {
  type DevtoolsNetworkApi,
  DevtoolsNetworkSource,
  type DevtoolsRequest,
} from '../devtools-network-source.ts';

const CREATE_URL = 'http://127.0.0.1:8080/poslp/services/avvance-loan/v1/create';

type ContentMode = 'callback' | 'chrome-promise' | 'firefox-promise' | 'none';

/** A HAR 1.2 entry as `onRequestFinished` delivers it, with a `getContent` in the requested style. */
function request(
  url: string,
  opts: { body?: string; status?: number; started?: string; mode?: ContentMode; encoding?: string } = {},
): DevtoolsRequest & { getContent: ReturnType<typeof vi.fn> } {
  const { body = '{"applicationGUID":"7b831e4d-cfc7-4215-bad4-11a88eff8090"}', mode = 'callback' } = opts;
  const getContent = vi.fn((callback?: (content: string, second: string) => void) => {
    const second = opts.encoding ?? (mode === 'firefox-promise' ? 'application/json' : '');
    if (mode === 'callback') {
      queueMicrotask(() => callback?.(body, second));
      return undefined;
    }
    if (mode === 'chrome-promise') return Promise.resolve({ content: body, encoding: second });
    return Promise.resolve([body, second]);
  });
  const entry = {
    startedDateTime: opts.started ?? '2025-01-02T03:04:05.006Z',
    time: 12.5,
    request: {
      method: 'POST',
      url,
      httpVersion: 'HTTP/1.1',
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Correlation-ID', value: 'b1a4c1f4-1f0e-4c55-9a41-7b0c8a7e0001' },
      ],
      queryString: [],
      cookies: [],
      postData: { mimeType: 'application/json', text: '{"merchantId":"435523232323"}' },
      headersSize: -1,
      bodySize: 29,
    },
    response: {
      status: opts.status ?? 201,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      cookies: [],
      content: { size: body.length, mimeType: 'application/json' },
      redirectURL: '',
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 10, receive: 2.5 },
  };
  return mode === 'none' ? (entry as never) : Object.assign(entry, { getContent });
}

/** A fake `devtools.network` with a controllable `getHAR`. */
function fakeNetwork(har?: DevtoolsRequest[] | Promise<{ entries: DevtoolsRequest[] }>) {
  const listeners = new Set<(r: DevtoolsRequest) => void>();
  const api: DevtoolsNetworkApi & { finish(r: DevtoolsRequest): void; listenerCount(): number } = {
    onRequestFinished: {
      addListener: (cb) => listeners.add(cb),
      removeListener: (cb) => listeners.delete(cb),
    },
    finish: (r) => {
      for (const l of listeners) l(r);
    },
    listenerCount: () => listeners.size,
  };
  if (har !== undefined) api.getHAR = () => (Array.isArray(har) ? Promise.resolve({ entries: har }) : har);
  return api;
}

function collect(source: DevtoolsNetworkSource) {
  const exchanges: Exchange[] = [];
  const problems: CaptureProblem[] = [];
  source.start(
    (x) => exchanges.push(x),
    (p) => problems.push(p),
  );
  return { exchanges, problems };
}

describe('DevtoolsNetworkSource', () => {
  it('converts a finished Avvance call, with the body from getContent()', async () => {
    const network = fakeNetwork();
    const source = new DevtoolsNetworkSource({ network });
    const { exchanges } = collect(source);
    network.finish(request(CREATE_URL));
    await vi.waitFor(() => expect(exchanges).toHaveLength(1));
    const [x] = exchanges;
    expect(x!.source).toBe('page');
    expect(x!.request.method).toBe('POST');
    expect(x!.request.url).toBe(CREATE_URL);
    expect(x!.request.body).toEqual({ merchantId: '435523232323' });
    expect(x!.response?.status).toBe(201);
    expect(x!.response?.body).toEqual({ applicationGUID: '7b831e4d-cfc7-4215-bad4-11a88eff8090' });
    expect(x!.responseBodyStatus).toBe('complete');
    expect(x!.masked).toBe(false);
  });

  it('ignores non-Avvance calls without reading their bodies', async () => {
    const network = fakeNetwork();
    const source = new DevtoolsNetworkSource({ network });
    const { exchanges } = collect(source);
    const other = request('http://127.0.0.1:8080/static/app.js');
    network.finish(other);
    network.finish(request(CREATE_URL));
    await vi.waitFor(() => expect(exchanges).toHaveLength(1));
    expect(other.getContent).not.toHaveBeenCalled();
    expect(exchanges[0]!.request.url).toBe(CREATE_URL);
  });

  it('while paused, neither reads nor delivers calls started since the pause; earlier ones still arrive', async () => {
    const network = fakeNetwork();
    const source = new DevtoolsNetworkSource({ network });
    const { exchanges } = collect(source);
    source.setPausedSince(Date.parse('2025-01-02T03:04:06.000Z'));
    const before = request(CREATE_URL, { started: '2025-01-02T03:04:05.900Z' });
    const during = request(CREATE_URL, { started: '2025-01-02T03:04:06.000Z' });
    network.finish(during);
    network.finish(before);
    await vi.waitFor(() => expect(exchanges).toHaveLength(1));
    expect(during.getContent).not.toHaveBeenCalled();
    expect(exchanges[0]!.timings.startedAt).toBe(Date.parse('2025-01-02T03:04:05.900Z'));
    source.setPausedSince(undefined);
    network.finish(request(CREATE_URL, { started: '2025-01-02T03:04:07.000Z' }));
    await vi.waitFor(() => expect(exchanges).toHaveLength(2));
  });

  it('honours a custom detector', async () => {
    const network = fakeNetwork();
    const source = new DevtoolsNetworkSource({ network, isAvvance: (url) => url.endsWith('/app.js') });
    const { exchanges } = collect(source);
    network.finish(request(CREATE_URL));
    network.finish(request('http://127.0.0.1:8080/static/app.js'));
    await vi.waitFor(() => expect(exchanges).toHaveLength(1));
    expect(exchanges[0]!.request.url).toMatch(/app\.js$/);
  });

  it.each([
    ['chrome-promise', 'Chrome ≥ 151 promise form'],
    ['firefox-promise', 'Firefox [content, mimeType] form'],
  ] as const)('reads the body with the %s (%s)', async (mode, _description) => {
    const network = fakeNetwork();
    const { exchanges } = collect(new DevtoolsNetworkSource({ network }));
    network.finish(request(CREATE_URL, { mode }));
    await vi.waitFor(() => expect(exchanges).toHaveLength(1));
    // Firefox's MIME type must not be mistaken for an encoding.
    expect(exchanges[0]!.response?.body).toEqual({ applicationGUID: '7b831e4d-cfc7-4215-bad4-11a88eff8090' });
  });

  it('decodes base64 bodies', async () => {
    const network = fakeNetwork();
    const { exchanges } = collect(new DevtoolsNetworkSource({ network }));
    network.finish(request(CREATE_URL, { body: btoa('{"status":"SUCCESS"}'), encoding: 'base64' }));
    await vi.waitFor(() => expect(exchanges).toHaveLength(1));
    expect(exchanges[0]!.response?.body).toEqual({ status: 'SUCCESS' });
  });

  it('marks the body unavailable when the entry has no getContent', async () => {
    const network = fakeNetwork();
    const { exchanges } = collect(new DevtoolsNetworkSource({ network }));
    network.finish(request(CREATE_URL, { mode: 'none' }));
    await vi.waitFor(() => expect(exchanges).toHaveLength(1));
    expect(exchanges[0]!.responseBodyStatus).toBe('unavailable');
  });

  it('reports entries it cannot convert as problems, not exceptions', async () => {
    const network = fakeNetwork();
    const { exchanges, problems } = collect(new DevtoolsNetworkSource({ network }));
    network.finish(request(CREATE_URL, { started: 'not a date' }));
    const throwing = request(CREATE_URL);
    throwing.getContent.mockImplementation(() => {
      throw new Error('content gone');
    });
    network.finish(throwing);
    await vi.waitFor(() => expect(problems).toHaveLength(2));
    expect(exchanges).toHaveLength(0);
    expect(problems.map((p) => p.url)).toEqual([CREATE_URL, CREATE_URL]);
    expect(problems.map((p) => p.message).sort()).toEqual([
      'content gone',
      'invalid HAR entry: startedDateTime "not a date"',
    ]);
  });

  it('stop() unsubscribes and discards bodies still being read', async () => {
    const network = fakeNetwork();
    const source = new DevtoolsNetworkSource({ network });
    const { exchanges } = collect(source);
    expect(network.listenerCount()).toBe(1);
    network.finish(request(CREATE_URL)); // body arrives in a microtask…
    source.stop(); // …after the stop
    expect(network.listenerCount()).toBe(0);
    await Promise.resolve();
    await Promise.resolve();
    network.finish(request(CREATE_URL));
    expect(exchanges).toHaveLength(0);
    source.stop();
  });

  it('backfills completed Avvance calls from getHAR() on start', async () => {
    const network = fakeNetwork([
      request(CREATE_URL, { started: '2025-01-02T03:04:05.001Z' }),
      request('http://127.0.0.1:8080/static/app.js'),
      request(CREATE_URL, { started: '2025-01-02T03:04:05.002Z', status: 0 }), // still in flight
    ]);
    const { exchanges } = collect(new DevtoolsNetworkSource({ network }));
    await vi.waitFor(() => expect(exchanges).toHaveLength(1));
    expect(exchanges[0]!.timings.startedAt).toBe(Date.parse('2025-01-02T03:04:05.001Z'));
  });

  it('does not record a call twice when it is both in the HAR snapshot and finished live', async () => {
    let resolveHar!: (har: { entries: DevtoolsRequest[] }) => void;
    const network = fakeNetwork(new Promise((r) => (resolveHar = r)));
    const { exchanges } = collect(new DevtoolsNetworkSource({ network }));
    const seenLiveFirst = request(CREATE_URL, { started: '2025-01-02T03:04:05.001Z' });
    const snapshotFirst = request(CREATE_URL, { started: '2025-01-02T03:04:05.002Z' });
    network.finish(seenLiveFirst);
    resolveHar({ entries: [seenLiveFirst, snapshotFirst] });
    await vi.waitFor(() => expect(exchanges).toHaveLength(2));
    network.finish(snapshotFirst); // the live event for a request the snapshot already delivered
    const another = request(CREATE_URL, { started: '2025-01-02T03:04:05.003Z' });
    network.finish(another);
    await vi.waitFor(() => expect(exchanges).toHaveLength(3));
    expect(exchanges.map((x) => x.timings.startedAt % 10)).toEqual([1, 2, 3]);
  });

  it('can be told not to backfill', async () => {
    const network = fakeNetwork([request(CREATE_URL)]);
    const getHAR = vi.spyOn(network, 'getHAR' as never);
    collect(new DevtoolsNetworkSource({ network, backfill: false }));
    expect(getHAR).not.toHaveBeenCalled();
  });
});

describe('DevtoolsNetworkSource: bodies from the page (background capture)', () => {
  it("fills a response body DevTools lost (navigation) from the page's copy, and only then", async () => {
    const network = fakeNetwork([]);
    const asked: unknown[] = [];
    const source = new DevtoolsNetworkSource({
      network,
      pageBodies: async (query) => {
        asked.push(query);
        return { responseBody: '{"applicationGUID":"7b831e4d-cfc7-4215-bad4-11a88eff8090"}' };
      },
    });
    const got: Exchange[] = [];
    source.start((x) => got.push(x));
    await source.backfilled();
    // Chromium gives an empty body once the next document committed, although the response had bytes.
    const lost = request(CREATE_URL, { body: '' });
    lost.response.content = { size: 60, mimeType: 'application/json' } as never;
    network.finish(lost as DevtoolsRequest);
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(asked).toEqual([
      { method: 'POST', url: CREATE_URL, startedAt: Date.parse('2025-01-02T03:04:05.006Z'), status: 201 },
    ]);
    expect(got[0]!.responseBodyStatus).toBe('complete');
    expect(got[0]!.response?.body).toEqual({ applicationGUID: '7b831e4d-cfc7-4215-bad4-11a88eff8090' });

    network.finish(request(CREATE_URL, { started: '2025-01-02T03:04:09.000Z' }) as DevtoolsRequest);
    await vi.waitFor(() => expect(got).toHaveLength(2));
    expect(asked).toHaveLength(1);
  });

  it('keeps "unavailable" when the page has no copy either', async () => {
    const network = fakeNetwork();
    const source = new DevtoolsNetworkSource({ network, pageBodies: async () => undefined });
    const got: Exchange[] = [];
    source.start((x) => got.push(x));
    const lost = request(CREATE_URL, { body: '' });
    lost.response.content = { size: 60 } as never;
    network.finish(lost as DevtoolsRequest);
    await vi.waitFor(() => expect(got).toHaveLength(1));
    expect(got[0]!.responseBodyStatus).not.toBe('complete');
  });
});

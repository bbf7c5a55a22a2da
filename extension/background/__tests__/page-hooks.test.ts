import { describe, expect, it } from 'vitest';
import { installNetworkHooks } from '../page-hooks.ts';
import { MAX_RECORDED_BODY_CHARS, type RecordedCall } from '../recorded-call.ts';

const PAGE = 'https://shop.example.test/checkout';
const AVVANCE = 'https://shop.example.test/api/avvance/checkout';
const isAvvance = (url: string): boolean => url.includes('/api/avvance/');

function recorder(): {
  calls: RecordedCall[];
  waitFor(n: number): Promise<RecordedCall[]>;
  emit(c: RecordedCall): void;
} {
  const calls: RecordedCall[] = [];
  const waiters: { n: number; resolve: (c: RecordedCall[]) => void }[] = [];
  return {
    calls,
    emit(c) {
      calls.push(c);
      for (const w of waiters.filter((w) => calls.length >= w.n)) w.resolve(calls);
    },
    waitFor(n) {
      return calls.length >= n
        ? Promise.resolve(calls)
        : new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

describe('installNetworkHooks: fetch', () => {
  it('returns the same promise and response the page would get, and records the Avvance call', async () => {
    const rec = recorder();
    const response = new Response(JSON.stringify({ applicationGUID: 'g-1', email: 'a@b.test' }), {
      status: 201,
      headers: { 'content-type': 'application/json', 'x-trace': 't1' },
    });
    let seenThis: unknown;
    let seenArgs: unknown[] = [];
    const target = {
      location: { href: PAGE },
      fetch(this: unknown, ...args: unknown[]) {
        seenThis = this;
        seenArgs = args;
        return Promise.resolve(response);
      },
    };
    let clock = 1000;
    installNetworkHooks(target, { emit: rec.emit, isAvvance, now: () => (clock += 5) });
    const init = {
      method: 'post',
      headers: { 'Content-Type': 'application/json' },
      body: '{"ssn":"666-12-0000"}',
    };
    const got = await target.fetch('/api/avvance/checkout', init);
    expect(got).toBe(response);
    expect(seenThis).toBe(target);
    expect(seenArgs).toEqual(['/api/avvance/checkout', init]);
    // The page can still read its body.
    expect(await (got as Response).json()).toEqual({ applicationGUID: 'g-1', email: 'a@b.test' });
    const [call] = await rec.waitFor(1);
    expect(call).toMatchObject({
      via: 'fetch',
      method: 'POST',
      url: AVVANCE,
      requestHeaders: { 'content-type': 'application/json' },
      requestBody: '{"ssn":"666-12-0000"}',
      status: 201,
      responseBody: '{"applicationGUID":"g-1","email":"a@b.test"}',
      startedAt: 1005,
    });
    expect(call!.responseHeaders['x-trace']).toBe('t1');
    expect(call!.duration).toBeGreaterThan(0);
  });

  it('leaves other calls alone: nothing cloned, nothing recorded', async () => {
    const rec = recorder();
    let cloned = 0;
    const res = {
      status: 200,
      clone: () => {
        cloned++;
        return new Response('x');
      },
    };
    const target = { location: { href: PAGE }, fetch: (_u: unknown) => Promise.resolve(res) };
    installNetworkHooks(target, { emit: rec.emit, isAvvance });
    expect(await target.fetch('https://cdn.example.test/app.js')).toBe(res);
    expect(cloned).toBe(0);
    expect(rec.calls).toEqual([]);
  });

  it('passes rejections and synchronous throws through unchanged, recording the failed call', async () => {
    const rec = recorder();
    const failure = new TypeError('Failed to fetch');
    const target = { location: { href: PAGE }, fetch: (_u: unknown) => Promise.reject(failure) };
    installNetworkHooks(target, { emit: rec.emit, isAvvance });
    await expect(target.fetch(AVVANCE)).rejects.toBe(failure);
    const [call] = await rec.waitFor(1);
    expect(call).toMatchObject({ status: 0, error: 'TypeError: Failed to fetch', url: AVVANCE });

    const boom = new Error('sync');
    const throwing = {
      location: { href: PAGE },
      fetch: (_u: unknown): Promise<unknown> => {
        throw boom;
      },
    };
    installNetworkHooks(throwing, { emit: rec.emit, isAvvance });
    expect(() => throwing.fetch(AVVANCE)).toThrow(boom);
  });

  it("keeps the page's streaming reads intact (the recorder reads a clone)", async () => {
    const rec = recorder();
    const chunks = ['{"a":', '1,"b":', '2}'];
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const s of chunks) c.enqueue(new TextEncoder().encode(s));
        c.close();
      },
    });
    const target = {
      location: { href: PAGE },
      fetch: (_u: unknown) => Promise.resolve(new Response(stream, { status: 200 })),
    };
    installNetworkHooks(target, { emit: rec.emit, isAvvance });
    const res = (await target.fetch(AVVANCE)) as Response;
    const reader = res.body!.getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toBe('{"a":1,"b":2}');
    expect((await rec.waitFor(1))[0]!.responseBody).toBe('{"a":1,"b":2}');
  });

  it('reads the body of a Request object, drops too-large response bodies, survives a throwing emit', async () => {
    const rec = recorder();
    const big = 'x'.repeat(MAX_RECORDED_BODY_CHARS + 1);
    const target = { location: { href: PAGE }, fetch: (_r: unknown) => Promise.resolve(new Response(big)) };
    installNetworkHooks(target, {
      emit: (c) => {
        rec.emit(c);
        throw new Error('emit failed');
      },
      isAvvance,
    });
    const req = new Request(AVVANCE, { method: 'PUT', body: 'hello', headers: { 'X-A': '1' } });
    const res = (await target.fetch(req)) as Response;
    expect((await res.text()).length).toBe(big.length);
    const [call] = await rec.waitFor(1);
    expect(call).toMatchObject({ method: 'PUT', requestBody: 'hello', responseBodyTooLarge: true });
    expect(call!.requestHeaders['x-a']).toBe('1');
    expect(call!.responseBody).toBeUndefined();
  });

  it('installs once per window', () => {
    const target = { location: { href: PAGE }, fetch: (_u: unknown) => Promise.resolve(new Response('')) };
    expect(installNetworkHooks(target, { emit: () => {}, isAvvance })).toBe(true);
    const wrapped = target.fetch;
    expect(installNetworkHooks(target, { emit: () => {}, isAvvance })).toBe(false);
    expect(target.fetch).toBe(wrapped);
  });
});

/** A minimal XMLHttpRequest: `send` answers asynchronously with `load` (or `error`). */
class FakeXhr {
  static answer: { status: number; text: string; headers: string } | 'error' = {
    status: 200,
    text: '',
    headers: '',
  };
  status = 0;
  responseType = '';
  responseText = '';
  opened: unknown[] = [];
  sent: unknown[] = [];
  readonly headers: [string, string][] = [];
  readonly #listeners = new Map<string, (() => void)[]>();
  open(...args: unknown[]): string {
    this.opened = args;
    return 'open-result';
  }
  setRequestHeader(name: string, value: string): void {
    this.headers.push([name, value]);
  }
  getAllResponseHeaders(): string {
    return FakeXhr.answer === 'error' ? '' : FakeXhr.answer.headers;
  }
  addEventListener(type: string, cb: () => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), cb]);
  }
  send(...args: unknown[]): string {
    this.sent = args;
    const answer = FakeXhr.answer;
    queueMicrotask(() => {
      if (answer === 'error') {
        for (const cb of this.#listeners.get('error') ?? []) cb();
        return;
      }
      this.status = answer.status;
      this.responseText = answer.text;
      for (const cb of this.#listeners.get('load') ?? []) cb();
    });
    return 'send-result';
  }
}

describe('installNetworkHooks: XMLHttpRequest', () => {
  it('records an Avvance XHR without changing what open/setRequestHeader/send do or return', async () => {
    const rec = recorder();
    class Xhr extends FakeXhr {}
    const target = { location: { href: PAGE }, XMLHttpRequest: Xhr };
    installNetworkHooks(target, { emit: rec.emit, isAvvance });
    FakeXhr.answer = {
      status: 400,
      text: '{"code":"400.44010.4106"}',
      headers: 'Content-Type: application/json\r\nX-Id: 9\r\n',
    };
    const xhr = new Xhr();
    expect(xhr.open('post', '/api/avvance/checkout', true)).toBe('open-result');
    xhr.setRequestHeader('Content-Type', 'application/json');
    expect(xhr.send('{"zip":"5540"}')).toBe('send-result');
    expect(xhr.opened).toEqual(['post', '/api/avvance/checkout', true]);
    expect(xhr.headers).toEqual([['Content-Type', 'application/json']]);
    expect(xhr.sent).toEqual(['{"zip":"5540"}']);
    const [call] = await rec.waitFor(1);
    expect(call).toMatchObject({
      via: 'xhr',
      method: 'POST',
      url: AVVANCE,
      requestHeaders: { 'content-type': 'application/json' },
      requestBody: '{"zip":"5540"}',
      status: 400,
      responseHeaders: { 'content-type': 'application/json', 'x-id': '9' },
      responseBody: '{"code":"400.44010.4106"}',
    });
  });

  it('records a network error, and nothing for other URLs', async () => {
    const rec = recorder();
    class Xhr extends FakeXhr {}
    const target = { location: { href: PAGE }, XMLHttpRequest: Xhr };
    installNetworkHooks(target, { emit: rec.emit, isAvvance });
    FakeXhr.answer = { status: 200, text: 'ok', headers: '' };
    const other = new Xhr();
    other.open('GET', '/static/app.js');
    other.send();
    FakeXhr.answer = 'error';
    const failing = new Xhr();
    failing.open('GET', AVVANCE);
    failing.send();
    const [call] = await rec.waitFor(1);
    expect(call).toMatchObject({ url: AVVANCE, status: 0, error: 'Network error' });
    expect(rec.calls).toHaveLength(1);
  });
});

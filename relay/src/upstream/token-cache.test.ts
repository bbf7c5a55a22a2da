import { describe, expect, it } from 'vitest';
import { type IssuedToken, TokenCache } from './token-cache.ts';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('TokenCache', () => {
  it('shares one fetch between concurrent callers (single-flight)', async () => {
    const cache = new TokenCache();
    const d = deferred<IssuedToken>();
    let fetches = 0;
    const fetcher = () => {
      fetches++;
      return d.promise;
    };
    const all = Promise.all(Array.from({ length: 10 }, () => cache.get('k', fetcher)));
    d.resolve({ accessToken: 't1', expiresInSeconds: 899 });
    expect(await all).toEqual(Array(10).fill('t1'));
    expect(fetches).toBe(1);
  });

  it('caches until 60 s before expiry, then refreshes', async () => {
    let now = 0;
    let n = 0;
    const cache = new TokenCache({ now: () => now });
    const fetcher = async () => ({ accessToken: `t${++n}`, expiresInSeconds: 899 });
    expect(await cache.get('k', fetcher)).toBe('t1');
    now = 838_999;
    expect(await cache.get('k', fetcher)).toBe('t1');
    now = 839_000;
    expect(await cache.get('k', fetcher)).toBe('t2');
  });

  it('does not cache failures, and invalidates only the refused token', async () => {
    const cache = new TokenCache();
    await expect(cache.get('k', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => ({ accessToken: 'a', expiresInSeconds: 899 }))).toBe('a');
    cache.invalidate('k', 'stale');
    expect(await cache.get('k', async () => ({ accessToken: 'b', expiresInSeconds: 899 }))).toBe('a');
    cache.invalidate('k', 'a');
    expect(await cache.get('k', async () => ({ accessToken: 'b', expiresInSeconds: 899 }))).toBe('b');
  });

  it('never caches tokens that live less than the margin', async () => {
    const cache = new TokenCache();
    let n = 0;
    const fetcher = async () => ({ accessToken: `t${++n}`, expiresInSeconds: 30 });
    await cache.get('k', fetcher);
    expect(await cache.get('k', fetcher)).toBe('t2');
  });
});

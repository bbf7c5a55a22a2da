import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { BodyLimitError, CaptureStream, decodeCapturedBody } from './body-capture.ts';
import { ProxyTokenStore } from './proxy-tokens.ts';

describe('CaptureStream', () => {
  it('passes every byte through and keeps only the first captureBytes', async () => {
    const capture = new CaptureStream({ captureBytes: 10 });
    const out: Buffer[] = [];
    await pipeline(
      Readable.from([Buffer.from('0123456'), Buffer.from('789abcdef')]),
      capture,
      async (source) => {
        for await (const c of source) out.push(c as Buffer);
      },
    );
    expect(Buffer.concat(out).toString()).toBe('0123456789abcdef');
    expect(capture.bytes().toString()).toBe('0123456789');
    expect(capture.truncated).toBe(true);
    expect(capture.captured('text/plain')).toEqual({ status: 'discarded:too-large' });
  });

  it('fails past limitBytes', async () => {
    const capture = new CaptureStream({ limitBytes: 4 });
    await expect(
      pipeline(Readable.from([Buffer.from('12345')]), capture, async (s) => {
        for await (const _ of s);
      }),
    ).rejects.toBeInstanceOf(BodyLimitError);
  });
});

describe('decodeCapturedBody', () => {
  it.each([
    ['{"a":1}', 'application/json', { body: { a: 1 }, status: 'complete' }],
    ['{"a":', 'application/json; charset=utf-8', { body: '{"a":', status: 'complete' }],
    ['a=1', 'application/x-www-form-urlencoded', { body: 'a=1', status: 'complete' }],
    ['hi', undefined, { body: 'hi', status: 'complete' }],
    ['\u0000\u0001', 'image/png', { status: 'binary' }],
    ['', 'application/json', { status: 'absent' }],
  ])('%j as %s', (text, type, expected) => {
    expect(decodeCapturedBody(Buffer.from(text), type, false)).toEqual(expected);
  });
});

describe('ProxyTokenStore', () => {
  it('mints opaque tokens that expire after 899 s', () => {
    let now = 0;
    const store = new ProxyTokenStore(() => now);
    const user = { sub: 'key:p', name: 'P', role: 'developer' as const, partnerId: 'p' };
    const { accessToken, expiresIn } = store.mint(user);
    expect(expiresIn).toBe(899);
    expect(store.lookup(accessToken)).toEqual(user);
    expect(store.lookup(`${accessToken}x`)).toBeUndefined();
    now = 899_000;
    expect(store.lookup(accessToken)).toBeUndefined();
  });
});

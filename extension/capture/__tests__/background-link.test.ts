import { describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../background/recorded-call.ts';
import { BackgroundLink, type PanelPort } from '../background-link.ts';

function fakePort() {
  let onMessage: (m: unknown) => void = () => {};
  let onDisconnect: () => void = () => {};
  const sent: unknown[] = [];
  const port: PanelPort = {
    postMessage: (m) => sent.push(m),
    onMessage: { addListener: (cb) => (onMessage = cb) },
    onDisconnect: { addListener: (cb) => (onDisconnect = cb) },
    disconnect: () => onDisconnect(),
  };
  return { port, sent, deliver: (m: unknown) => onMessage(m), drop: () => onDisconnect() };
}

const URL_ = 'http://127.0.0.1:5173/api/avvance/checkout';
const call = (startedAt: number, responseBody = '{"applicationGUID":"g"}'): RecordedCall => ({
  via: 'fetch',
  method: 'POST',
  url: URL_,
  requestHeaders: {},
  status: 201,
  responseHeaders: {},
  responseBody,
  startedAt,
  duration: 5,
});

describe('BackgroundLink', () => {
  it('subscribes to the tab and resolves its buffered calls (masked only)', async () => {
    const f = fakePort();
    const link = new BackgroundLink(() => f.port, 42);
    expect(f.sent).toEqual([{ type: 'subscribe', tabId: 42 }]);
    f.deliver({
      type: 'buffered',
      calls: [
        { masked: true, id: 'a' },
        { masked: false, id: 'raw' },
      ],
      dropped: 3,
      active: false,
    });
    const b = await link.buffered();
    expect(b.calls.map((c) => c.id)).toEqual(['a']);
    expect(b.dropped).toBe(3);
    expect(link.active).toBe(false);
  });

  it('hands out a live record once, matching method, URL and start time', async () => {
    const f = fakePort();
    const link = new BackgroundLink(() => f.port, 1);
    f.deliver({ type: 'buffered', calls: [], dropped: 0, active: true });
    f.deliver({ type: 'live', call: call(1000) });
    expect(await link.recordFor('GET', URL_, 1000, 0)).toBeUndefined();
    expect((await link.recordFor('post', URL_, 1200))?.responseBody).toBe('{"applicationGUID":"g"}');
    expect(await link.recordFor('POST', URL_, 1200, 0)).toBeUndefined();
  });

  it('waits for a record that arrives after DevTools asked, while the page runs the page script', async () => {
    const f = fakePort();
    const link = new BackgroundLink(() => f.port, 1);
    f.deliver({ type: 'active', origin: 'http://127.0.0.1:5173' });
    const pending = link.recordFor('POST', URL_, 2000, 10_000);
    f.deliver({ type: 'live', call: call(2003, '{"late":true}') });
    expect((await pending)?.responseBody).toBe('{"late":true}');
  });

  it('does not wait when the page does not run the page script, nor after a disconnect', async () => {
    const f = fakePort();
    const link = new BackgroundLink(() => f.port, 1);
    f.deliver({ type: 'buffered', calls: [], dropped: 0, active: false });
    expect(await link.recordFor('POST', URL_, 1, 10_000)).toBeUndefined();
    f.deliver({ type: 'active', origin: 'x' });
    const pending = link.recordFor('POST', URL_, 1, 10_000);
    f.drop();
    expect(await pending).toBeUndefined();
  });

  it('is inert without a background', async () => {
    const link = new BackgroundLink(() => {
      throw new Error('no background');
    }, 1);
    expect(await link.buffered()).toEqual({ calls: [], dropped: 0 });
    expect(await link.recordFor('GET', URL_, 0)).toBeUndefined();
  });
});

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
const call = (startedAt: number, responseBody = '{"applicationGUID":"g"}', status = 201): RecordedCall => ({
  via: 'fetch',
  method: 'POST',
  url: URL_,
  requestHeaders: {},
  status,
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
    expect(await link.recordFor({ method: 'GET', url: URL_, startedAt: 1000 }, 0)).toBeUndefined();
    expect((await link.recordFor({ method: 'post', url: URL_, startedAt: 1200 }))?.responseBody).toBe(
      '{"applicationGUID":"g"}',
    );
    expect(await link.recordFor({ method: 'POST', url: URL_, startedAt: 1200 }, 0)).toBeUndefined();
  });

  it('picks the same status and the closest start: a rejected form just before create is another call', async () => {
    const f = fakePort();
    const link = new BackgroundLink(() => f.port, 1);
    f.deliver({ type: 'buffered', calls: [], dropped: 0, active: true });
    f.deliver({ type: 'live', call: call(1000, '{"error":"zip"}', 400) });
    f.deliver({ type: 'live', call: call(1900, '{"early":true}') });
    f.deliver({ type: 'live', call: call(2400) });
    const create = await link.recordFor({ method: 'POST', url: URL_, startedAt: 2390, status: 201 }, 0);
    expect(create?.startedAt).toBe(2400);
    const rejected = await link.recordFor({ method: 'POST', url: URL_, startedAt: 1005, status: 400 }, 0);
    expect(rejected?.responseBody).toBe('{"error":"zip"}');
  });

  it('waits for a record that arrives after DevTools asked, while the page runs the page script', async () => {
    const f = fakePort();
    const link = new BackgroundLink(() => f.port, 1);
    f.deliver({ type: 'active', origin: 'http://127.0.0.1:5173' });
    const pending = link.recordFor({ method: 'POST', url: URL_, startedAt: 2000 }, 10_000);
    f.deliver({ type: 'live', call: call(2003, '{"late":true}') });
    expect((await pending)?.responseBody).toBe('{"late":true}');
  });

  it('does not wait when the page does not run the page script, nor after a disconnect', async () => {
    const f = fakePort();
    const link = new BackgroundLink(() => f.port, 1);
    f.deliver({ type: 'buffered', calls: [], dropped: 0, active: false });
    expect(await link.recordFor({ method: 'POST', url: URL_, startedAt: 1 }, 10_000)).toBeUndefined();
    f.deliver({ type: 'active', origin: 'x' });
    const pending = link.recordFor({ method: 'POST', url: URL_, startedAt: 1 }, 10_000);
    f.drop();
    expect(await pending).toBeUndefined();
  });

  it('is inert without a background', async () => {
    const link = new BackgroundLink(() => {
      throw new Error('no background');
    }, 1);
    expect(await link.buffered()).toEqual({ calls: [], dropped: 0 });
    expect(await link.recordFor({ method: 'GET', url: URL_, startedAt: 0 })).toBeUndefined();
  });
});

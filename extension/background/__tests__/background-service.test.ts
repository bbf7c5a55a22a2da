import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_RULES } from '../../../shared/src/detect/index.ts';
import { BackgroundCaptureService, type PortLike } from '../background-service.ts';
import type { BackgroundToPanel } from '../messages.ts';
import { PANEL_PORT_NAME } from '../messages.ts';
import type { RecordedCall } from '../recorded-call.ts';

const SSN = '666-12-0000';
const EMAIL = 'jordan.rivera@example.com';

function recorded(n = 0): RecordedCall {
  return {
    via: 'fetch',
    method: 'POST',
    url: `http://127.0.0.1:5173/api/avvance/checkout?n=${n}`,
    requestHeaders: { 'content-type': 'application/json' },
    requestBody: JSON.stringify({ consumer: { email: EMAIL, ssn: SSN } }),
    status: 201,
    responseHeaders: { 'content-type': 'application/json' },
    responseBody: JSON.stringify({ applicationGUID: '7b831e4d-1c2f-4a8e-9c0b-5d6e7f809a1b' }),
    startedAt: 1_700_000_000_000 + n,
    duration: 12,
  };
}

function fakePort(name = PANEL_PORT_NAME) {
  const received: BackgroundToPanel[] = [];
  let onMessage: (m: unknown) => void = () => {};
  let onDisconnect: () => void = () => {};
  let waiter: { n: number; resolve: () => void } | undefined;
  const port: PortLike = {
    name,
    postMessage(m) {
      received.push(m);
      if (waiter && received.length >= waiter.n) waiter.resolve();
    },
    onMessage: { addListener: (cb) => (onMessage = cb) },
    onDisconnect: { addListener: (cb) => (onDisconnect = cb) },
  };
  return {
    port,
    received,
    send: (m: unknown) => onMessage(m),
    disconnect: () => onDisconnect(),
    until: (n: number) =>
      received.length >= n ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { n, resolve })),
  };
}

function memorySession() {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key: string) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items: Record<string, unknown>) => {
      Object.assign(data, structuredClone(items));
    },
  };
}

const fromTab = (id: number) => ({ tab: { id }, frameId: 0 });

describe('BackgroundCaptureService', () => {
  it('masks calls on arrival: the buffer and session storage never hold the raw SSN or email', async () => {
    const session = memorySession();
    const service = new BackgroundCaptureService(session);
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded() }, fromTab(3));
    const [call] = service.snapshot(3).calls;
    expect(call).toMatchObject({ masked: true, recordedBeforeDevtools: true, source: 'page' });
    expect(JSON.stringify(call)).not.toContain(SSN);
    expect(JSON.stringify(call)).not.toContain(EMAIL);
    expect(JSON.stringify(call)).toMatch(/‹email#[0-9a-f]{6}›/);
    await service.onMessage({ type: 'avvance-bgc/hello', origin: 'http://127.0.0.1:5173' }, fromTab(3));
    const stored = JSON.stringify(session.data);
    expect(stored).toContain('7b831e4d');
    expect(stored).not.toContain(SSN);
    expect(stored).not.toContain(EMAIL);
  });

  it("masks the options page's extra masking keys too", async () => {
    const service = new BackgroundCaptureService();
    service.setExtraMaskingKeys(['loyaltyNumber']);
    const call = { ...recorded(), requestBody: JSON.stringify({ loyaltyNumber: 'LOYAL-778899' }) };
    await service.onMessage({ type: 'avvance-bgc/call', call }, fromTab(4));
    expect(JSON.stringify(service.snapshot(4).calls)).not.toContain('LOYAL-778899');
  });

  it('applies extra masking keys changed between calls (the cached masking session is renewed)', async () => {
    const service = new BackgroundCaptureService();
    const call = { ...recorded(), requestBody: JSON.stringify({ loyaltyNumber: 'LOYAL-778899' }) };
    await service.onMessage({ type: 'avvance-bgc/call', call }, fromTab(6));
    expect(JSON.stringify(service.snapshot(6).calls)).toContain('LOYAL-778899');
    service.setExtraMaskingKeys(['loyaltyNumber']);
    await service.onMessage({ type: 'avvance-bgc/call', call }, fromTab(7));
    expect(JSON.stringify(service.snapshot(7).calls)).not.toContain('LOYAL-778899');
  });

  it("keeps only calls the detection rules match, the options' extra rules included", async () => {
    const service = new BackgroundCaptureService();
    const other = { ...recorded(), url: 'http://127.0.0.1:5173/payments/avvance/start' };
    await service.onMessage({ type: 'avvance-bgc/call', call: other }, fromTab(5));
    expect(service.snapshot(5).calls).toEqual([]);
    service.setDetectionRules([
      ...DEFAULT_DETECTION_RULES,
      { kind: 'path-prefix', prefix: '/payments/avvance/', label: 'Our backend' },
    ]);
    await service.onMessage({ type: 'avvance-bgc/call', call: other }, fromTab(5));
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded() }, fromTab(5));
    expect(service.snapshot(5).calls.map((c) => new URL(c.request.url).pathname)).toEqual([
      '/payments/avvance/start',
      '/api/avvance/checkout',
    ]);
  });

  it('ignores malformed calls, unknown messages, and frames other than the top one', async () => {
    const service = new BackgroundCaptureService();
    expect(await service.onMessage({ type: 'other' }, fromTab(1))).toBe(false);
    await service.onMessage(
      { type: 'avvance-bgc/call', call: { ...recorded(), url: 'not a url' } },
      fromTab(1),
    );
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded() }, { tab: { id: 1 }, frameId: 2 });
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded() }, {});
    expect(service.snapshot(1).calls).toEqual([]);
  });

  it("gives a subscribing panel its tab's buffer, then forwards that tab's new calls raw", async () => {
    const service = new BackgroundCaptureService();
    await service.onMessage({ type: 'avvance-bgc/hello', origin: 'http://127.0.0.1:5173' }, fromTab(5));
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded(1) }, fromTab(5));
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded(2) }, fromTab(6));
    const panel = fakePort();
    service.onConnect(panel.port);
    panel.send({ type: 'subscribe', tabId: 5 });
    await panel.until(1);
    const first = panel.received[0]!;
    expect(first.type).toBe('buffered');
    if (first.type !== 'buffered') return;
    expect(first.active).toBe(true);
    expect(first.calls.map((c) => c.request.url)).toEqual(['http://127.0.0.1:5173/api/avvance/checkout?n=1']);

    await service.onMessage({ type: 'avvance-bgc/call', call: recorded(3) }, fromTab(5));
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded(4) }, fromTab(6));
    expect(panel.received.slice(1)).toEqual([{ type: 'live', call: recorded(3) }]);

    panel.disconnect();
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded(5) }, fromTab(5));
    expect(panel.received).toHaveLength(2);
  });

  it('ignores ports of other names and forgets a tab when it closes', async () => {
    const service = new BackgroundCaptureService();
    await service.onMessage({ type: 'avvance-bgc/call', call: recorded() }, fromTab(8));
    const stranger = fakePort('something-else');
    service.onConnect(stranger.port);
    stranger.send({ type: 'subscribe', tabId: 8 });
    service.onTabRemoved(8);
    expect(service.snapshot(8).calls).toEqual([]);
    await service.ready();
    expect(stranger.received).toEqual([]);
  });

  it('keeps the buffer and salt across a service-worker restart (storage.session)', async () => {
    const session = memorySession();
    const before = new BackgroundCaptureService(session);
    await before.onMessage({ type: 'avvance-bgc/call', call: recorded(1) }, fromTab(2));
    await before.onMessage({ type: 'avvance-bgc/hello', origin: 'x' }, fromTab(2)); // lets the save chain run
    const after = new BackgroundCaptureService(session);
    await after.ready();
    await after.onMessage({ type: 'avvance-bgc/call', call: recorded(1) }, fromTab(2));
    const [a, b] = after.snapshot(2).calls;
    expect(a?.request.body).toEqual(b?.request.body);
  });
});

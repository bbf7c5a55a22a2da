import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import {
  createCallExchange,
  FIXTURE,
  loanStatusExchange,
  makeExchange,
} from '../../__tests__/fixtures/exchanges.ts';
import { FakeCaptureSource } from '../../capture/fake-capture-source.ts';
import type { FlushScheduler } from '../../utils/frame-scheduler.ts';
import { immediateScheduler } from '../../utils/frame-scheduler.ts';
import { CaptureModel, MAX_CAPTURED_EXCHANGES } from '../capture-model.ts';

/** A scheduler that queues flushes until the test runs them (stands in for requestAnimationFrame). */
function manualScheduler(): FlushScheduler & { runs: number; pending: number; run(): void } {
  const queue: (() => void)[] = [];
  const s = ((flush: () => void) => {
    queue.push(flush);
  }) as FlushScheduler & { runs: number; pending: number; run(): void };
  s.runs = 0;
  Object.defineProperty(s, 'pending', { get: () => queue.length });
  s.run = () => {
    for (const f of queue.splice(0)) {
      s.runs++;
      f();
    }
  };
  return s;
}

function setup(opts: { maxExchanges?: number; schedule?: FlushScheduler } = {}) {
  const source = new FakeCaptureSource();
  const model = new CaptureModel({ source, salt: 'test-salt', schedule: immediateScheduler, ...opts });
  model.start();
  return { source, model };
}

describe('CaptureModel', () => {
  it('starts and stops its source, and stops it when disposed', () => {
    const { source, model } = setup();
    expect(source.started).toBe(true);
    expect(model.capturing.value).toBe(true);
    model.start();
    expect(source.startCount).toBe(1);
    model.stop();
    expect(source.started).toBe(false);
    expect(model.capturing.value).toBe(false);

    model.start();
    model[Symbol.dispose]();
    expect(source.started).toBe(false);
  });

  it('buffers arrivals and applies a burst in one batch on the next flush', () => {
    const schedule = manualScheduler();
    const { source, model } = setup({ schedule });
    let notifications = 0;
    const dispose = effect(() => {
      void model.exchanges.value;
      notifications++;
    });
    source.emit(makeExchange());
    source.emit(makeExchange());
    source.emit(makeExchange());
    expect(model.exchanges.value).toHaveLength(0);
    expect(schedule.pending).toBe(1);

    schedule.run();
    expect(model.exchanges.value.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(notifications).toBe(2); // initial run + one batched update
    dispose();
  });

  it('masks every call on arrival and keeps the original only in memory', () => {
    const { source, model } = setup();
    source.emit(createCallExchange());
    const [entry] = model.exchanges.value;
    expect(entry).toBeDefined();
    const masked = JSON.stringify(entry!.masked);
    expect(entry!.masked.masked).toBe(true);
    expect(masked).not.toContain(FIXTURE.email);
    expect(masked).not.toContain(FIXTURE.mobilePhone);
    expect(masked).not.toContain('6yRvexxxxxxxxxxxxxxRPkyOp');
    // Merchant ids look like phone numbers but are not PII.
    expect(masked).toContain(FIXTURE.merchantId);
    expect(entry!.findings.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(entry!.original)).toContain(FIXTURE.email);
    expect(entry!.original.masked).toBe(false);
  });

  it('masks the same value to the same token within a session', () => {
    const { source, model } = setup();
    source.emit(createCallExchange('a'));
    source.emit(createCallExchange('b'));
    const [a, b] = model.exchanges.value;
    expect((a!.masked.request.body as { consumer: unknown }).consumer).toEqual(
      (b!.masked.request.body as { consumer: unknown }).consumer,
    );
  });

  it('groups calls of one financing journey into one flow', () => {
    const { source, model } = setup();
    source.emit(createCallExchange());
    source.emit(loanStatusExchange());
    source.emit(makeExchange({ id: 'other', url: 'https://alpha-api2.usbank.com/auth/oauth2/v1/token' }));
    const membership = model.flowOfExchange.value;
    expect(membership.get('create-1')).toBeDefined();
    expect(membership.get('status-1')).toBe(membership.get('create-1'));
    expect(membership.get('other')).not.toBe(membership.get('create-1'));
    const flow = model.flows.value.get(membership.get('create-1')!);
    expect(flow?.exchangeIds).toEqual(['create-1', 'status-1']);
    expect(flow?.label).toContain('7b831e4d');
  });

  it('updates membership when a later call bridges two flows', () => {
    const { source, model } = setup();
    // loan-status alone knows only the session id; a call with only the GUID founds another flow …
    const guidOnly = makeExchange({
      id: 'guid-only',
      url: `${FIXTURE.base}/poslp/services/avvance-loan/v1/notification-status`,
    });
    guidOnly.request.headers = { notificationid: FIXTURE.applicationGUID };
    source.emit(loanStatusExchange());
    source.emit(guidOnly);
    expect(model.flowOfExchange.value.get('status-1')).not.toBe(model.flowOfExchange.value.get('guid-only'));
    // … until create, which carries both, joins them.
    source.emit(createCallExchange());
    const m = model.flowOfExchange.value;
    expect(new Set([m.get('status-1'), m.get('guid-only'), m.get('create-1')]).size).toBe(1);
    expect(model.flows.value.size).toBe(1);
  });

  it('drops the oldest calls beyond maxExchanges and counts them', () => {
    const { source, model } = setup({ maxExchanges: 3 });
    for (let i = 0; i < 5; i++) source.emit(makeExchange({ id: `n${i}` }));
    expect(model.exchanges.value.map((e) => e.id)).toEqual(['n2', 'n3', 'n4']);
    expect(model.dropped.value).toBe(2);
    expect(model.flowOfExchange.value.has('n0')).toBe(false);
    expect(model.flowOfExchange.value.has('n4')).toBe(true);
  });

  it(`caps retention at MAX_CAPTURED_EXCHANGES (${MAX_CAPTURED_EXCHANGES}) by default`, () => {
    const schedule = manualScheduler();
    const { source, model } = setup({ schedule });
    for (let i = 0; i <= MAX_CAPTURED_EXCHANGES; i++) source.emit(makeExchange({ id: `d${i}` }));
    schedule.run();
    expect(model.exchanges.value).toHaveLength(MAX_CAPTURED_EXCHANGES);
    expect(model.exchanges.value[0]!.id).toBe('d1');
    expect(model.dropped.value).toBe(1);
  });

  it('rejects a non-positive cap at construction', () => {
    expect(() => new CaptureModel({ source: new FakeCaptureSource(), maxExchanges: 0 })).toThrow(RangeError);
  });

  it('counts capture problems and keeps the latest', () => {
    const { source, model } = setup();
    source.fail({ url: 'https://x.test/poslp/services/a', message: 'bad HAR' });
    expect(model.problemCount.value).toBe(1);
    expect(model.problems.value[0]?.message).toBe('bad HAR');
  });

  it('clear() forgets calls, flows, problems and the dropped count, and keeps capturing', () => {
    const schedule = manualScheduler();
    const { source, model } = setup({ maxExchanges: 1, schedule });
    source.emit(createCallExchange());
    source.emit(loanStatusExchange());
    source.fail({ message: 'x' });
    schedule.run();
    expect(model.dropped.value).toBe(1);
    source.emit(makeExchange({ id: 'buffered' }));
    model.clear();
    schedule.run();
    expect(model.exchanges.value).toEqual([]);
    expect(model.flows.value.size).toBe(0);
    expect(model.dropped.value).toBe(0);
    expect(model.problemCount.value).toBe(0);

    source.emit(makeExchange({ id: 'after' }));
    schedule.run();
    expect(model.exchanges.value.map((e) => e.id)).toEqual(['after']);
  });

  it('ignores arrivals after stop()', () => {
    const { source, model } = setup();
    model.stop();
    source.emit(makeExchange());
    expect(model.exchanges.value).toHaveLength(0);
  });
});

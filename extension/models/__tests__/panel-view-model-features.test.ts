import { describe, expect, it } from 'vitest';
import {
  createCallExchange,
  FIXTURE,
  loanStatusExchange,
  makeExchange,
} from '../../__tests__/fixtures/exchanges.ts';
import { FakeCaptureSource } from '../../capture/fake-capture-source.ts';
import { immediateScheduler } from '../../utils/frame-scheduler.ts';
import { CaptureModel } from '../capture-model.ts';
import { exportVisibleHar, importHarText } from '../har-io.ts';
import { PanelViewModel } from '../panel-view-model.ts';

function setup(opts: { now?: () => number } = {}) {
  const source = new FakeCaptureSource();
  const capture = new CaptureModel({ source, salt: 'test-salt', schedule: immediateScheduler, ...opts });
  capture.start();
  const view = new PanelViewModel(capture);
  source.emit(createCallExchange());
  source.emit(loanStatusExchange());
  return { source, capture, view };
}

const ids = (view: InstanceType<typeof PanelViewModel>) => view.rows.value.map((r) => r.id);

describe('PanelViewModel filter', () => {
  it('narrows the list with the shared filter language and counts shown / listed', () => {
    const { view } = setup();
    expect(view.resultCount.value).toBe('2 / 2');
    view.setFilter('method:POST');
    expect(ids(view)).toEqual(['create-1']);
    expect(view.resultCount.value).toBe('1 / 2');
    view.setFilter('status:4xx');
    expect(ids(view)).toEqual(['status-1']);
    view.setFilter('"Loan yet"');
    expect(ids(view)).toEqual(['status-1']);
    view.setFilter(`flow:applicationGUID:${FIXTURE.applicationGUID.slice(0, 8)}`);
    expect(ids(view)).toEqual(['create-1', 'status-1']);
  });

  it('reports a bad term with its offsets and keeps filtering with the good ones', () => {
    const { view } = setup();
    view.setFilter('method:GET status:abc');
    expect(view.filterErrors.value).toHaveLength(1);
    expect(view.filterErrors.value[0]).toMatchObject({ from: 18, to: 21 });
    expect(ids(view)).toEqual(['status-1']);
  });

  it('searches free text in the masked copy only: PII typed into the filter finds nothing', () => {
    const { view } = setup();
    view.setFilter(FIXTURE.email);
    expect(ids(view)).toEqual([]);
    view.setFilter(FIXTURE.merchantId);
    expect(ids(view)).toEqual(['create-1']);
  });
});

describe('PanelViewModel selection and reveal', () => {
  it('moves the selection with ↑/↓ inside the filtered list, clamped at the ends', () => {
    const { view, source } = setup();
    source.emit(makeExchange({ id: 'third' }));
    view.moveSelection(1);
    expect(view.selectedId.value).toBe('create-1');
    view.moveSelection(1);
    view.moveSelection(1);
    view.moveSelection(1);
    expect(view.selectedId.value).toBe('third');
    view.moveSelection(-1);
    expect(view.selectedId.value).toBe('status-1');
    view.select(undefined);
    view.moveSelection(-1);
    expect(view.selectedId.value).toBe('third');
    view.setFilter('method:POST');
    view.moveSelection(1);
    expect(view.selectedId.value).toBe('create-1');
  });

  it('reveals the original of the selected call only while asked, and hides it on a new selection', () => {
    const { view } = setup();
    view.setRevealed(true);
    expect(view.revealed.value).toBe(false); // nothing selected
    view.select('create-1');
    expect(JSON.stringify(view.selected.value)).not.toContain(FIXTURE.email);
    view.setRevealed(true);
    expect(JSON.stringify(view.selected.value?.revealed)).toContain(FIXTURE.email);
    view.select('status-1');
    expect(view.revealed.value).toBe(false);
    expect(view.selected.value?.revealed).toBeUndefined();
  });

  it('checks the selected call against the spec and explains its error code', () => {
    const { view } = setup();
    view.select('status-1');
    const spec = view.spec.value;
    expect(spec?.operation?.operationId).toBeDefined();
    expect(spec?.error?.code).toBe('400.44010.4130');
    expect(spec?.error?.hint).toMatch(/INVOICE_PAYMENT_TRANSACTION_AUTHORIZED/);
  });
});

describe('PanelViewModel capture controls', () => {
  it('pause discards calls started while paused until resumed', () => {
    let clock = Date.UTC(2025, 0, 2, 3, 4, 5, 0);
    const { view, capture, source } = setup({ now: () => clock });
    capture.setPaused(true);
    clock += 1_000;
    const whilePaused = makeExchange({ id: 'while-paused' });
    whilePaused.timings.startedAt = clock;
    source.emit(whilePaused);
    capture.setPaused(false);
    const after = makeExchange({ id: 'after' });
    after.timings.startedAt = clock + 1;
    source.emit(after);
    expect(ids(view)).toEqual(['create-1', 'status-1', 'after']);
  });

  it('tells the source when it paused, so it skips reading bodies of calls started since', () => {
    const clock = Date.UTC(2025, 0, 2, 3, 4, 5, 0);
    const { capture, source } = setup({ now: () => clock });
    capture.setPaused(true);
    expect(source.pausedSince).toBe(clock);
    capture.setPaused(false);
    expect(source.pausedSince).toBeUndefined();
  });

  it('keeps a call started before the pause that arrives during it (DevTools logs calls from their start)', () => {
    let clock = Date.UTC(2025, 0, 2, 3, 4, 5, 0);
    const { view, capture, source } = setup({ now: () => clock });
    const inFlight = makeExchange({ id: 'in-flight' });
    inFlight.timings.startedAt = clock - 50;
    capture.setPaused(true);
    clock += 200; // finished (or held by the source's batching) until after the pause began
    source.emit(inFlight);
    expect(ids(view)).toEqual(['create-1', 'status-1', 'in-flight']);
  });

  it('keeps out a call started while paused that DevTools reports after resuming', () => {
    let clock = Date.UTC(2025, 0, 2, 3, 4, 0, 0);
    const { view, capture, source } = setup({ now: () => clock });
    capture.setPaused(true);
    clock += 10_000; // the fixture calls start at 03:04:05.006, inside this pause
    capture.setPaused(false);
    source.emit(makeExchange({ id: 'late-while-paused' }));
    const later = makeExchange({ id: 'started-after' });
    later.timings.startedAt = clock + 1;
    source.emit(later);
    expect(ids(view)).toEqual(['create-1', 'status-1', 'started-after']);
  });

  it('clears on navigation unless the log is preserved', () => {
    const { view } = setup();
    view.setPreserveLog(true);
    view.navigated();
    expect(ids(view)).toHaveLength(2);
    view.setPreserveLog(false);
    view.select('create-1');
    view.navigated();
    expect(ids(view)).toEqual([]);
    expect(view.selectedId.value).toBeUndefined();
  });

  it('lists other traffic only while "all traffic" is on, and tells the source', () => {
    const { view, capture, source } = setup();
    capture.setCaptureOther(true);
    expect(source.captureOther).toBe(true);
    source.emit(makeExchange({ id: 'asset', url: 'https://shop.test/app.js' }), { avvance: false });
    expect(ids(view)).toEqual(['create-1', 'status-1', 'asset']);
    expect(view.rows.value[2]?.avvance).toBe(false);
    capture.setCaptureOther(false);
    expect(ids(view)).toEqual(['create-1', 'status-1']);
    expect(view.summary.value).toBe('2 calls · 1 flow');
  });

  it('groups errors by code and endpoint with counts and the latest call', () => {
    const { view, source } = setup();
    const again = loanStatusExchange('status-2');
    again.timings.startedAt += 1000;
    source.emit(again);
    source.emit(makeExchange({ id: 'boom', status: 503 }));
    const groups = view.errors.value;
    const loan = groups.find((g) => g.code === '400.44010.4130');
    expect(loan).toMatchObject({ count: 2, lastExchangeId: 'status-2' });
    expect(loan?.endpoint).toMatch(/^GET .*loan-status$/);
    expect(groups.find((g) => g.code === 'HTTP 503')?.count).toBe(1);
    view.openCall('status-2');
    expect(view.tab.value).toBe('calls');
    expect(view.selectedId.value).toBe('status-2');
  });
});

describe('HAR export and import', () => {
  it('exports the shown calls as masked HAR 1.2 with the panel tokens, and imports it back', () => {
    const { view } = setup();
    view.setFilter('method:POST');
    const { text, entries } = exportVisibleHar(view);
    expect(entries).toBe(1);
    expect(JSON.parse(text).log.version).toBe('1.2');
    expect(text).not.toContain(FIXTURE.email);
    const token = (view.capture.exchanges.value[0]!.masked.request.body as { consumer: { email: string } })
      .consumer.email;
    expect(text).toContain(token);

    view.setFilter('');
    const outcome = importHarText(view, 'x.har', text);
    expect(outcome).toMatchObject({ ok: true, imported: 1 });
    expect(view.capture.origin.value).toEqual({ kind: 'import', name: 'x.har' });
    expect(view.rows.value).toHaveLength(1);
    view.navigated();
    expect(view.rows.value).toHaveLength(1); // a file is not cleared by navigation
    view.capture.backToLive();
    expect(view.rows.value).toHaveLength(0);
  });

  it('reports a file that is not a HAR', () => {
    const { view } = setup();
    expect(importHarText(view, 'bad.har', '{"x":1}')).toMatchObject({ ok: false, name: 'bad.har' });
    expect(view.rows.value).toHaveLength(2);
  });
});

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
import { PanelViewModel, statusKindOf } from '../panel-view-model.ts';

function setup(maxExchanges?: number) {
  const source = new FakeCaptureSource();
  const capture = new CaptureModel({
    source,
    salt: 'test-salt',
    schedule: immediateScheduler,
    ...(maxExchanges ? { maxExchanges } : {}),
  });
  capture.start();
  const view = new PanelViewModel(capture);
  return { source, capture, view };
}

describe('PanelViewModel', () => {
  it('renders one row per captured call with method, path, status, duration and flow', () => {
    const { source, view } = setup();
    source.emit(createCallExchange());
    source.emit(loanStatusExchange());
    const [create, status] = view.rows.value;
    expect(create).toMatchObject({
      method: 'POST',
      path: '/poslp/services/avvance-loan/v1/create',
      host: 'alpha-api2.usbank.com',
      status: '201',
      statusKind: 'success',
      duration: '42 ms',
    });
    expect(create!.time).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    expect(create!.maskedCount).toBeGreaterThan(0);
    expect(status).toMatchObject({ method: 'GET', status: '400', statusKind: 'client-error' });
    expect(status!.flowId).toBe(create!.flowId);
    expect(status!.flowLabel).toBe(create!.flowLabel);
    expect(create!.flowLabel).toMatch(/^application 7b831e4d/);
    expect(view.summary.value).toBe('2 calls · 1 flow');
  });

  it('keeps row objects stable for unchanged calls', () => {
    const { source, view } = setup();
    source.emit(makeExchange({ id: 'a' }));
    const first = view.rows.value[0];
    source.emit(makeExchange({ id: 'b' }));
    expect(view.rows.value[0]).toBe(first);
  });

  it('shows the masked copy of the selected call, never the original', () => {
    const { source, view } = setup();
    source.emit(createCallExchange());
    expect(view.selected.value).toBeUndefined();
    view.select('create-1');
    const detail = view.selected.value;
    expect(detail?.exchange.masked).toBe(true);
    expect(JSON.stringify(detail)).not.toContain(FIXTURE.email);
    expect(detail?.findings.length).toBe(detail?.row.maskedCount);
    expect(detail?.flow?.exchangeIds).toContain('create-1');
  });

  it('clear() empties the list and the selection', () => {
    const { source, view } = setup();
    source.emit(createCallExchange());
    view.select('create-1');
    view.clear();
    expect(view.rows.value).toEqual([]);
    expect(view.selectedId.value).toBeUndefined();
    expect(view.selected.value).toBeUndefined();
    expect(view.summary.value).toBe('0 calls · 0 flows');
  });

  it('shows nothing once the selected call has been dropped by the cap', () => {
    const { source, view } = setup(1);
    source.emit(makeExchange({ id: 'old' }));
    view.select('old');
    expect(view.selected.value).toBeDefined();
    source.emit(makeExchange({ id: 'new' }));
    expect(view.selected.value).toBeUndefined();
    expect(view.dropped.value).toBe(1);
  });

  it('classifies statuses', () => {
    const x = makeExchange();
    expect(statusKindOf({ ...x, response: undefined })).toBe('pending');
    expect(statusKindOf(makeExchange({ status: 302 }))).toBe('redirect');
    expect(statusKindOf(makeExchange({ status: 503 }))).toBe('server-error');
    expect(statusKindOf(makeExchange({ status: 0 }))).toBe('network-error');
  });
});

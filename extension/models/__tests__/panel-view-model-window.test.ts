import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createCallExchange, loanStatusExchange } from '../../__tests__/fixtures/exchanges.ts';
import { FakeCaptureSource } from '../../capture/fake-capture-source.ts';
import { immediateScheduler } from '../../utils/frame-scheduler.ts';
import { CaptureModel } from '../capture-model.ts';
import { PanelViewModel } from '../panel-view-model.ts';

function setup() {
  const source = new FakeCaptureSource();
  const capture = new CaptureModel({ source, salt: 'test-salt', schedule: immediateScheduler });
  capture.start();
  const view = new PanelViewModel(capture);
  for (let i = 0; i < 5; i++) {
    source.emit(createCallExchange(`create-${i}`));
    source.emit(loanStatusExchange(`status-${i}`));
  }
  return { source, view };
}

describe('PanelViewModel list window', () => {
  it('renders only the window and tells its subscribers when the filter or the window changes', () => {
    const { view } = setup();
    const seen: string[][] = [];
    // As the list component does: subscribe to the window's rows (a model method would be untracked).
    const stop = effect(() => {
      seen.push(view.windowRows.value.rows.map((r) => r.id));
    });
    view.setListWindow(2, 3);
    expect(view.windowRows.value.first).toBe(2);
    expect(seen.at(-1)).toEqual(['create-1', 'status-1', 'create-2']);
    view.setFilter('status:4xx');
    expect(view.rowCount.value).toBe(5);
    expect(seen.at(-1)).toEqual(['status-2', 'status-3', 'status-4']);
    view.setFilter('method:POST');
    expect(seen.at(-1)).toEqual(['create-2', 'create-3', 'create-4']);
    const runs = seen.length;
    view.setListWindow(2, 3);
    expect(seen.length).toBe(runs);
    stop();
  });

  it('keeps the selected index in the filtered list and moves the selection through it', () => {
    const { view } = setup();
    view.setFilter('status:4xx');
    view.select('status-1');
    expect(view.selectedIndex.value).toBe(1);
    view.moveSelection(1);
    expect(view.selectedId.value).toBe('status-2');
    view.setFilter('method:POST');
    expect(view.selectedIndex.value).toBe(-1);
    view.moveSelection(-1);
    expect(view.selectedId.value).toBe('create-4');
  });
});

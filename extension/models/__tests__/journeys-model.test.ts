import { describe, expect, it } from 'vitest';
import { createCallExchange, loanStatusExchange, makeExchange } from '../../__tests__/fixtures/exchanges.ts';
import { FakeCaptureSource } from '../../capture/fake-capture-source.ts';
import { immediateScheduler } from '../../utils/frame-scheduler.ts';
import { CaptureModel } from '../capture-model.ts';
import { JourneysModel, stateNodes } from '../journeys-model.ts';

describe('JourneysModel', () => {
  it('lists flows with state, count and errors, and shows the latest one by default', () => {
    const source = new FakeCaptureSource();
    const capture = new CaptureModel({ source, salt: 's', schedule: immediateScheduler });
    capture.start();
    const journeys = new JourneysModel(capture);
    source.emit(createCallExchange());
    source.emit(loanStatusExchange());
    const [row] = journeys.rows.value;
    expect(journeys.rows.value).toHaveLength(1);
    expect(row).toMatchObject({ state: 'created', stateLabel: 'Created', count: 2, errorCount: 1 });
    const detail = journeys.selected.value;
    expect(detail?.timeline.map((t) => [t.id, t.source])).toEqual([
      ['create-1', 'page'],
      ['status-1', 'page'],
    ]);
    expect(detail?.states.find((s) => s.current)?.info.state).toBe('created');

    const later = makeExchange({ id: 'token', url: 'https://alpha-api2.usbank.com/auth/oauth2/v1/token' });
    later.timings.startedAt += 60_000;
    source.emit(later);
    expect(journeys.rows.value).toHaveLength(2);
    journeys.select(row!.id);
    expect(journeys.selected.value?.flow.id).toBe(row!.id);
  });

  it('marks the possible next states', () => {
    const nodes = stateNodes('created');
    expect(nodes.find((n) => n.current)?.info.state).toBe('created');
    expect(nodes.filter((n) => n.next).map((n) => n.info.state)).toContain('started');
    expect(stateNodes('unknown').some((n) => n.next)).toBe(false);
  });
});

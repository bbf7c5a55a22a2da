import { describe, expect, it } from 'vitest';
import {
  createCallExchange,
  FIXTURE,
  loanStatusExchange,
  makeExchange,
} from '../../__tests__/fixtures/exchanges.ts';
import { FakeCaptureSource } from '../../capture/fake-capture-source.ts';
import { CaptureModel } from '../../models/capture-model.ts';
import { PanelViewModel } from '../../models/panel-view-model.ts';
import { immediateScheduler } from '../../utils/frame-scheduler.ts';
import { capsuleFileName, importCapsuleText, journeyCapsule } from '../capsule-io.ts';

function panel() {
  const source = new FakeCaptureSource();
  const capture = new CaptureModel({ source, salt: 'test-salt', schedule: immediateScheduler });
  capture.start();
  return { source, capture, view: new PanelViewModel(capture) };
}

describe('journey capsules', () => {
  it('exports one journey (not other calls) masked with the panel’s tokens, and opens back with its metadata', () => {
    const a = panel();
    const create = createCallExchange();
    create.environment = 'sandbox';
    a.source.emit(create);
    a.source.emit(loanStatusExchange());
    a.source.emit(makeExchange({ id: 'unrelated', url: 'https://elsewhere.example/v1/products' }));
    const flowId = a.capture.flowOfExchange.value.get('create-1')!;
    expect(a.capture.flowOfExchange.value.get('status-1')).toBe(flowId);

    const file = journeyCapsule(
      a.view,
      flowId,
      'Status says 400 after create',
      () => new Date(2025, 0, 2, 3, 4, 5),
    );
    expect(file).toBeDefined();
    if (!file) return;
    expect(file.fileName).toBe('avvance-capsule-2025-01-02T03-04-05.har');
    expect(file.calls).toBe(2);
    expect(file.text).not.toContain(FIXTURE.email);
    expect(file.text).not.toContain(FIXTURE.mobilePhone);
    expect(file.text).not.toContain('6yRvexxxxxxxxxxxxxxRPkyOp');
    // The panel's masked email token is the one in the file: a teammate can talk about the same value.
    const shownEmail = (a.capture.exchanges.value[0]!.masked.request.body as { consumer: { email: string } })
      .consumer.email;
    expect(file.text).toContain(shownEmail);
    const doc = JSON.parse(file.text);
    expect(doc.log.version).toBe('1.2');
    expect(doc.log.entries).toHaveLength(2);
    expect(doc.log._avvance).toMatchObject({
      kind: 'avvance-capsule',
      note: 'Status says 400 after create',
      environments: ['sandbox'],
      correlationIds: ['b1a4c1f4-1f0e-4c55-9a41-7b0c8a7e0001', 'b1a4c1f4-1f0e-4c55-9a41-7b0c8a7e0002'],
      flowIds: [flowId],
    });

    const b = panel();
    const outcome = importCapsuleText(b.view, file.fileName, file.text);
    expect(outcome).toMatchObject({ ok: true, imported: 2, skipped: 0 });
    expect(b.view.rows.value.map((r) => r.id)).toEqual(['create-1', 'status-1']);
    expect(b.view.capsule.value).toMatchObject({
      note: 'Status says 400 after create',
      environments: ['sandbox'],
    });
    expect(b.view.journeys.rows.value).toHaveLength(1);
    // Going back to live ends the capsule view.
    b.capture.backToLive();
    expect(b.view.capsule.value).toBeUndefined();
  });

  it('opens a plain HAR without capsule metadata and reports a bad file as data', () => {
    const { view } = panel();
    const plain = JSON.stringify({
      log: { version: '1.2', creator: { name: 'x', version: '1' }, entries: [] },
    });
    expect(importCapsuleText(view, 'plain.har', plain)).toMatchObject({ ok: true, imported: 0 });
    expect(view.capsule.value).toBeUndefined();
    expect(importCapsuleText(view, 'bad.har', '{nope')).toEqual({
      ok: false,
      name: 'bad.har',
      error: 'Not a JSON file',
    });
  });

  it('has nothing to export for a journey without retained calls', () => {
    const { view } = panel();
    expect(journeyCapsule(view, 'no-such-flow', '')).toBeUndefined();
    expect(capsuleFileName(new Date(2025, 10, 25, 9, 8, 7))).toBe('avvance-capsule-2025-11-25T09-08-07.har');
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_RULES, isAvvanceCall } from '../../../shared/src/detect/index.ts';
import { FIXTURE, makeExchange } from '../../__tests__/fixtures/exchanges.ts';
import { FakeCaptureSource } from '../../capture/fake-capture-source.ts';
import { CaptureModel } from '../../models/capture-model.ts';
import { immediateScheduler } from '../../utils/frame-scheduler.ts';
import {
  effectiveDetectionRules,
  parseSettings,
  SETTINGS_KEY,
  type StorageChangeEvents,
  type WorkbenchSettings,
  watchSettings,
} from '../settings.ts';

describe('settings the panel applies', () => {
  it('detects with the built-in rules plus the extra ones', () => {
    const url = 'https://payments.partner.example/api/loan/create';
    expect(effectiveDetectionRules(parseSettings({}))).toBe(DEFAULT_DETECTION_RULES);
    const settings = parseSettings({
      detectionRules: [{ kind: 'host', glob: 'payments.partner.example', label: 'Partner gateway' }],
    });
    expect(settings.detectionRules).toHaveLength(1);
    const rules = effectiveDetectionRules(settings);
    expect(isAvvanceCall(url, rules)).toBe(true);
    expect(isAvvanceCall(`${FIXTURE.base}/poslp/services/avvance-loan/v1/create`, rules)).toBe(true);
    expect(isAvvanceCall(url)).toBe(false);
  });

  it('tells the panel when the local settings change, parsed, and stops when asked', () => {
    let listener: Parameters<StorageChangeEvents['addListener']>[0] | undefined;
    const events: StorageChangeEvents = {
      addListener: (cb) => {
        listener = cb;
      },
      removeListener: (cb) => {
        if (listener === cb) listener = undefined;
      },
    };
    const seen: WorkbenchSettings[] = [];
    const stop = watchSettings(events, (s) => seen.push(s));
    listener!({ [SETTINGS_KEY]: { newValue: { extraMaskingKeys: ['loyaltyId', 7] } } }, 'local');
    listener!({ [SETTINGS_KEY]: { newValue: { extraMaskingKeys: ['x'] } } }, 'sync');
    listener!({ other: { newValue: 1 } }, 'local');
    expect(seen.map((s) => s.extraMaskingKeys)).toEqual([['loyaltyId']]);
    stop();
    expect(listener).toBeUndefined();
  });

  it('masks an extra key in calls recorded after it is set, with stable tokens', () => {
    const source = new FakeCaptureSource();
    const capture = new CaptureModel({ source, salt: 's', schedule: immediateScheduler });
    capture.start();
    const withLoyalty = (id: string) => {
      const x = makeExchange({ id, method: 'POST' });
      x.request.body = { loyaltyId: 'LOYAL-424242', note: 'hello' };
      x.requestBodyStatus = 'complete';
      return x;
    };
    source.emit(withLoyalty('before'));
    capture.setExtraMaskingKeys(['loyaltyId']);
    source.emit(withLoyalty('after'));
    const [before, after] = capture.exchanges.value.map(
      (e) => e.masked.request.body as Record<string, string>,
    );
    expect(before!['loyaltyId']).toBe('LOYAL-424242');
    expect(after!['loyaltyId']).not.toBe('LOYAL-424242');
    expect(after!['note']).toBe('hello');
    expect(capture.maskOptions().extraKeys).toEqual(['loyaltyId']);
    expect(capture.maskOptions().salt).toBe('s');
  });
});

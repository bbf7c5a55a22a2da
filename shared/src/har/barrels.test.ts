import { describe, expect, it } from 'vitest';
import * as correlate from '../correlate/index.ts';
import * as detect from '../detect/index.ts';
import * as har from './index.ts';

describe('barrels', () => {
  it('export the public API of detect, correlate and har', () => {
    expect(typeof detect.isAvvanceCall).toBe('function');
    expect(typeof detect.matchAvvanceCall).toBe('function');
    expect(typeof detect.validateDetectionRules).toBe('function');
    expect(detect.DEFAULT_DETECTION_RULES.length).toBeGreaterThan(0);
    expect(typeof correlate.extractCorrelationKeys).toBe('function');
    expect(typeof correlate.FlowIndex).toBe('function');
    expect(correlate.APPLICATION_STATES.length).toBe(14);
    expect(typeof har.exchangeFromHarEntry).toBe('function');
    expect(typeof har.importHar).toBe('function');
    expect(typeof har.exportHar).toBe('function');
    expect(har.HarEntryInput.type).toBe('object');
  });
});

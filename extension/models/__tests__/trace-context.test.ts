import { describe, expect, it } from 'vitest';
import { maskExchange } from '../../../shared/src/mask/index.ts';
import { makeExchange } from '../../__tests__/fixtures/exchanges.ts';
import { parseTraceparent, traceOf } from '../trace-context.ts';

const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context', () => {
  it('parses W3C traceparent and rejects anything else', () => {
    expect(parseTraceparent(TP)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(parseTraceparent(TP.replace(/01$/, '00'))?.sampled).toBe(false);
    for (const bad of [
      undefined,
      '',
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
    ])
      expect(parseTraceparent(bad), String(bad)).toBeUndefined();
  });

  it("prefers the relay's response header and survives masking (trace ids are not PII)", () => {
    const x = makeExchange();
    x.request.headers['traceparent'] = '00-11111111111111111111111111111111-2222222222222222-01';
    expect(traceOf(x)?.traceId).toBe('11111111111111111111111111111111');
    x.response!.headers['traceparent'] = TP;
    const masked = maskExchange(x, { salt: 's'.repeat(32) }).value;
    expect(traceOf(masked)?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    delete x.request.headers['traceparent'];
    delete x.response!.headers['traceparent'];
    expect(traceOf(x)).toBeUndefined();
  });
});

import type { Static } from 'typebox';
import Value from 'typebox/value';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BodyStatus, Exchange, ExchangeSource, ExchangeTimings } from '../../model/exchange.ts';
import type { HeaderMap, RequestLog, ResponseLog } from '../../model/logs.ts';
import {
  type BodyStatusSchema,
  ExchangeSchema,
  type ExchangeSourceSchema,
  type ExchangeTimingsSchema,
  type HeaderMapSchema,
  MaskedExchangeSchema,
  RequestLogSchema,
  ResponseLogSchema,
} from '../exchange-schema.ts';
import { maskedExchange } from './fixtures.ts';

describe('exchange schema mirrors shared/src/model', () => {
  it('is assignable both ways at the type level', () => {
    expectTypeOf<Static<typeof ExchangeSchema>>().toExtend<Exchange>();
    expectTypeOf<Exchange>().toExtend<Static<typeof ExchangeSchema>>();
    expectTypeOf<Static<typeof RequestLogSchema>>().toExtend<RequestLog>();
    expectTypeOf<RequestLog>().toExtend<Static<typeof RequestLogSchema>>();
    expectTypeOf<Static<typeof ResponseLogSchema>>().toExtend<ResponseLog>();
    expectTypeOf<ResponseLog>().toExtend<Static<typeof ResponseLogSchema>>();
    expectTypeOf<Static<typeof HeaderMapSchema>>().toEqualTypeOf<HeaderMap>();
    expectTypeOf<Static<typeof ExchangeSourceSchema>>().toEqualTypeOf<ExchangeSource>();
    expectTypeOf<Static<typeof BodyStatusSchema>>().toEqualTypeOf<BodyStatus>();
    expectTypeOf<Static<typeof ExchangeTimingsSchema>>().toExtend<ExchangeTimings>();
    expectTypeOf<ExchangeTimings>().toExtend<Static<typeof ExchangeTimingsSchema>>();
    // Assignability ignores a missing optional field; equal key sets catch it.
    expectTypeOf<keyof Static<typeof ExchangeSchema>>().toEqualTypeOf<keyof Exchange>();
    expectTypeOf<keyof Static<typeof RequestLogSchema>>().toEqualTypeOf<keyof RequestLog>();
    expectTypeOf<keyof Static<typeof ResponseLogSchema>>().toEqualTypeOf<keyof ResponseLog>();
    expectTypeOf<keyof Static<typeof ExchangeTimingsSchema>>().toEqualTypeOf<keyof ExchangeTimings>();
    // A masked exchange is an Exchange, but not every Exchange is masked.
    expectTypeOf<Static<typeof MaskedExchangeSchema>>().toExtend<Exchange>();
    expectTypeOf<Exchange>().not.toExtend<Static<typeof MaskedExchangeSchema>>();
  });

  it('accepts a full exchange and one without a response', () => {
    expect(Value.Check(ExchangeSchema, maskedExchange)).toBe(true);
    const { response: _, ...inFlight } = maskedExchange;
    expect(Value.Check(ExchangeSchema, inFlight)).toBe(true);
  });

  it('accepts any JSON body and a raw text body', () => {
    for (const body of [null, 0, 'grant_type=client_credentials', [1, { a: [] }], false]) {
      expect(Value.Check(RequestLogSchema, { ...maskedExchange.request, body })).toBe(true);
    }
  });

  it('refuses wrong shapes', () => {
    expect(Value.Check(ExchangeSchema, { ...maskedExchange, source: 'cli' })).toBe(false);
    expect(Value.Check(ExchangeSchema, { ...maskedExchange, requestBodyStatus: 'lost' })).toBe(false);
    expect(Value.Check(RequestLogSchema, { ...maskedExchange.request, type: 'response' })).toBe(false);
    expect(Value.Check(RequestLogSchema, { ...maskedExchange.request, headers: { a: 1 } })).toBe(false);
    expect(Value.Check(ResponseLogSchema, { ...maskedExchange.response, status: 200.5 })).toBe(false);
    expect(Value.Check(ResponseLogSchema, { ...maskedExchange.response, status: 1000 })).toBe(false);
  });

  it('only lets masked exchanges into MaskedExchangeSchema', () => {
    expect(Value.Check(MaskedExchangeSchema, maskedExchange)).toBe(true);
    expect(Value.Check(MaskedExchangeSchema, { ...maskedExchange, masked: false })).toBe(false);
  });
});

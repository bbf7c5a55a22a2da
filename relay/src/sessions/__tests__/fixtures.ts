import type { Exchange } from '../../../../shared/src/model/exchange.ts';

/** An exchange carrying raw PII (SSN, email) and a bearer token, marked `masked` as the schema demands. */
export function piiExchange(id = 'ex-1', extra: Record<string, unknown> = {}): Exchange {
  return {
    id,
    source: 'page',
    masked: true,
    request: {
      id: `corr-${id}`,
      timestamp: '2025-11-25T12:00:00.000Z',
      type: 'request',
      method: 'POST',
      url: 'https://sandbox.example/poslp/services/avvance-loan/v1/create',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc.def.ghi' },
      body: { consumer: { email: 'ada.lovelace@example.com', ssn: '123-45-6789' }, amount: 1200.5, ...extra },
      partnerId: 'partner-a',
      userId: 'dev-1',
    },
    response: {
      id: `corr-${id}`,
      timestamp: '2025-11-25T12:00:00.250Z',
      type: 'response',
      method: 'POST',
      url: 'https://sandbox.example/poslp/services/avvance-loan/v1/create',
      status: 201,
      duration: 250,
      headers: { 'content-type': 'application/json' },
      body: { applicationGUID: '7b831e4d-8f2c-4c55-9a4c-4cf1e0f1b0aa' },
    },
    timings: { startedAt: 1764072000000, wait: 200, receive: 50 },
    requestBodyStatus: 'complete',
    responseBodyStatus: 'complete',
  };
}

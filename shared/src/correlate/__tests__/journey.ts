// Test support: builds realistic Avvance exchanges (real paths, header casing and payloads).
import type { Exchange, ExchangeSource } from '../../model/exchange.ts';
import type { HeaderMap } from '../../model/logs.ts';

export const UAT = 'https://alpha-api2.usbank.com';
export const RELAY = 'http://127.0.0.1:8787/v1/proxy';
export const SANDBOX = 'http://127.0.0.1:4010';

export interface ExchangeSpec {
  id: string;
  source?: ExchangeSource;
  method?: string;
  url: string;
  at: number;
  requestHeaders?: HeaderMap;
  requestBody?: unknown;
  status?: number;
  responseHeaders?: HeaderMap;
  responseBody?: unknown;
  error?: string;
  replayOf?: string;
  pending?: boolean;
}

let counter = 0;

/** A fresh UUID-shaped id, deterministic per test run. */
export function uuid(): string {
  counter++;
  const hex = counter.toString(16).padStart(12, '0');
  return `7b831e4d-cfc7-4215-bad4-${hex}`;
}

export function exchange(spec: ExchangeSpec): Exchange {
  const method = spec.method ?? 'GET';
  const requestHeaders = spec.requestHeaders ?? {};
  const correlationId = requestHeaders['correlation-id'] ?? spec.id;
  const ex: Exchange = {
    id: spec.id,
    source: spec.source ?? 'page',
    request: {
      id: correlationId,
      timestamp: new Date(spec.at).toISOString(),
      type: 'request',
      method,
      url: spec.url,
      headers: requestHeaders,
      partnerId: requestHeaders['partner-id'] ?? '',
      userId: '',
    },
    timings: { startedAt: spec.at },
    masked: false,
    requestBodyStatus: spec.requestBody === undefined ? 'absent' : 'complete',
    responseBodyStatus: spec.responseBody === undefined ? 'absent' : 'complete',
  };
  if (spec.requestBody !== undefined) ex.request.body = spec.requestBody;
  if (spec.replayOf !== undefined) ex.replayOf = spec.replayOf;
  if (spec.pending !== true) {
    ex.response = {
      id: correlationId,
      timestamp: new Date(spec.at + 120).toISOString(),
      type: 'response',
      method,
      url: spec.url,
      status: spec.status ?? 200,
      duration: 120,
      headers: spec.responseHeaders ?? {},
    };
    if (spec.responseBody !== undefined) ex.response.body = spec.responseBody;
    if (spec.error !== undefined) ex.response.error = spec.error;
  }
  return ex;
}

export function loanStatusWebhook(
  id: string,
  at: number,
  ids: { applicationGUID: string; partnerSessionId: string },
  status: string,
): Exchange {
  return exchange({
    id,
    source: 'webhook',
    method: 'POST',
    url: 'http://127.0.0.1:8787/v1/webhooks/partner-org-name',
    at,
    requestHeaders: {
      'content-type': 'application/json',
      'channel-id': 'Web',
      'correlation-id': uuid(),
      'application-id': 'AVNC_PTNR',
      'session-id': uuid(),
    },
    requestBody: {
      notificationType: 'WEBHOOK',
      alternateId: 'partner-org-name',
      occurredAt: '2023-06-28T17:08:50.000+0000',
      productName: 'BNPL',
      eventName: 'LOAN_STATUS_DETAILS',
      eventDetails: {
        merchantId: '435523232323',
        applicationGUID: ids.applicationGUID,
        partnerSessionId: ids.partnerSessionId,
        loanStatus: { status, merchantMessage: 'PENDING_CUSTOMER_ACTION' },
      },
    },
    status: 200,
  });
}

/** The whole journey of one application, from three sources, in chronological order. */
export function fullJourney(prefix: string, t0: number): Exchange[] {
  const partnerSessionId = uuid();
  const applicationGUID = uuid();
  const ids = { applicationGUID, partnerSessionId };
  const partner = { 'partner-id': 'partner-org-name', 'correlation-id': '' };
  const h = (): HeaderMap => ({ ...partner, 'correlation-id': uuid(), authorization: 'Bearer x' });
  // The backend's checkout handler gets a token and creates the application inside one OTel trace.
  const traceId = uuid().replace(/-/g, '');
  const traceparent = (parent: string): string => `00-${traceId}-${parent}-01`;
  return [
    exchange({
      id: `${prefix}-token`,
      source: 'proxy',
      method: 'POST',
      url: `${RELAY}/auth/oauth2/v1/token`,
      at: t0,
      requestHeaders: {
        'correlation-id': uuid(),
        'content-type': 'application/x-www-form-urlencoded',
        traceparent: traceparent('00f067aa0ba902b7'),
      },
      requestBody: 'grant_type=client_credentials',
      responseBody: {
        tokenType: 'BearerToken',
        expiresIn: '899',
        accessToken: 'Mb6LKWrsfPGkS3mOLj1rPnwsPVW1R',
      },
    }),
    exchange({
      id: `${prefix}-checkout`,
      source: 'page',
      method: 'POST',
      url: 'http://localhost:3000/api/avvance/checkout',
      at: t0 + 5,
      requestBody: { orderId: 'order-1001' },
      responseBody: JSON.stringify({ applicationGUID, redirect: `${SANDBOX}/usl/avvance-installment-loans` }),
    }),
    exchange({
      id: `${prefix}-create`,
      source: 'proxy',
      method: 'POST',
      url: `${RELAY}/poslp/services/avvance-loan/v1/create`,
      at: t0 + 10,
      requestHeaders: { ...h(), traceparent: traceparent('b7ad6b7169203331') },
      requestBody: { partnerSessionId, merchantId: '435523232323', invoiceAmount: '340' },
      status: 201,
      responseBody: {
        status: 'SUCCESS',
        isMerchantValid: 'Y',
        isCartCreated: 'Y',
        consumerOnboardingURL: `${SANDBOX}/usl/avvance-installment-loans?guid=${applicationGUID}`,
        applicationGUID,
        partnerSessionID: partnerSessionId,
      },
    }),
    exchange({
      id: `${prefix}-hosted`,
      source: 'page',
      url: `${SANDBOX}/usl/avvance-installment-loans?guid=${applicationGUID}`,
      at: t0 + 20,
      responseBody: '<html></html>',
    }),
    loanStatusWebhook(`${prefix}-wh-started`, t0 + 30, ids, 'APPLICATION_STARTED'),
    exchange({
      id: `${prefix}-submit`,
      source: 'page',
      method: 'POST',
      url: `${SANDBOX}/sandbox/v1/applications/${applicationGUID}/submit`,
      at: t0 + 40,
      requestBody: { applicant: { ssn: '666-12-0000' } },
    }),
    loanStatusWebhook(`${prefix}-wh-approved`, t0 + 50, ids, 'APPLICATION_APPROVED'),
    loanStatusWebhook(`${prefix}-wh-authorized`, t0 + 60, ids, 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED'),
    exchange({
      id: `${prefix}-loan-status`,
      source: 'proxy',
      url: `${RELAY}/poslp/services/avvance-loan/v1/loan-status`,
      at: t0 + 70,
      requestHeaders: { ...h(), 'partnersession-id': partnerSessionId },
      responseBody: { loanStatus: 'SETTLED' },
    }),
    exchange({
      id: `${prefix}-refund`,
      source: 'proxy',
      method: 'POST',
      url: `${RELAY}/poslp/services/avvance-loan/v1/refund`,
      at: t0 + 80,
      requestHeaders: h(),
      requestBody: { partnerSessionId, merchantId: '435523232323', refundAmount: 300 },
      status: 201,
      responseBody: {
        isTransactionComplete: true,
        paymentTransactionId: uuid(),
        approvalCode: '6NBE61',
        partnerSessionId,
      },
    }),
  ];
}

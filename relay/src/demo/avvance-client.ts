import { randomUUID } from 'node:crypto';
import type { FinancingInitiationRequest } from '../../../shared/src/openapi/schemas/financing.ts';

/** How the demo merchant's backend reaches Avvance. */
export interface AvvanceClientOptions {
  /**
   * Base URL of the Avvance partner API: the relay's embedded sandbox (`http://127.0.0.1:8787`), the relay's
   * pass-through (`http://127.0.0.1:8787/v1/proxy/sandbox`) or a real host. No trailing slash needed.
   */
  baseUrl: string;
  /** Base URL of the token endpoint when it differs from `baseUrl` (Avvance has separate auth hosts). */
  authBaseUrl?: string;
  partnerId: string;
  merchantId: string;
  clientKey: string;
  clientSecret: string;
  /** `routingKey` header on price-breakdown (`uat3` sandbox, `az1` production). */
  routingKey?: string;
  /** Injected for tests (counting calls); defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Injected clock for tests, ms since the epoch. */
  now?: () => number;
  /** Abort a call after this many ms. Defaults to 15 000. */
  timeoutMs?: number;
}

/** An Avvance error answer, kept with its HTTP status, Avvance code and message for display. */
export class AvvanceApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly operation: string;
  readonly details: unknown;

  constructor(operation: string, status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AvvanceApiError';
    this.operation = operation;
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** One offer of price-breakdown (`{ offers: [...] }` format). */
export interface AvvanceOffer {
  offerType: 'ZERO' | 'PROMO' | 'APR';
  paymentAmount: number;
  apr: number;
  termCount: number;
  totalLoanWithInterest: number;
  promotionApr?: number;
  promotionTermInMonths?: number;
  promotionPaymentAmount?: number;
  firstPaymentDue?: string;
}

/** Create response (note `partnerSessionID` with a capital D, as Avvance spells it). */
export interface CreateFinancingResult {
  status: string;
  isMerchantValid?: string;
  isCartCreated?: string;
  consumerOnboardingURL: string;
  applicationGUID: string;
  partnerSessionID?: string;
}

/** `LOAN_STATUS_DETAILS` payload (webhook body and notification-status answer). */
export interface LoanStatusDetails {
  notificationType?: string;
  alternateId?: string;
  occurredAt?: string;
  productName?: string;
  eventName: string;
  eventDetails?: {
    merchantId?: string;
    applicationGUID?: string;
    partnerSessionId?: string;
    paymentTransactionId?: string;
    approvalCode?: string;
    loanStatus?: { status?: string; merchantMessage?: string };
    invoiceAmount?: { value?: number; currency?: string };
    loanSummary?: Record<string, unknown>;
  };
}

/** Void / refund response. */
export interface VoidRefundResult {
  isTransactionComplete?: boolean;
  paymentTransactionId?: string;
  approvalCode?: string;
  partnerSessionId?: string;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

const LOAN = '/poslp/services/avvance-loan/v1';

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** Reads `{ error: { code, message } }` (BaseResponse and token shape) or a bare `{ code, message }`. */
function readError(body: unknown): { code?: string; message?: string; details?: unknown } {
  if (!body || typeof body !== 'object') return {};
  const root = body as Record<string, unknown>;
  const err = (root.error && typeof root.error === 'object' ? root.error : root) as Record<string, unknown>;
  return {
    code: typeof err.code === 'string' || typeof err.code === 'number' ? String(err.code) : undefined,
    message: typeof err.message === 'string' ? err.message : undefined,
    details: err.details,
  };
}

/**
 * A small Avvance partner-API client, written the way the public merchant plugins do it: OAuth2 client
 * credentials with the token cached for `expiresIn − 60` s (at least 60 s), a fresh `Correlation-ID` per
 * call, `partner-ID` on every call, and one retry with a new token after a 401.
 */
export class AvvanceClient {
  readonly options: Readonly<AvvanceClientOptions>;
  private token: CachedToken | undefined;
  private pendingToken: Promise<string> | undefined;
  /** How many tokens this client has requested (exposed for the demo's diagnostics and tests). */
  tokenRequests = 0;

  constructor(options: AvvanceClientOptions) {
    this.options = { ...options, baseUrl: trimSlash(options.baseUrl) };
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  private get fetchImpl(): typeof fetch {
    return this.options.fetch ?? fetch;
  }

  /** Forgets the cached token (after a 401, or when credentials change). */
  clearToken(): void {
    this.token = undefined;
  }

  /** Returns a cached token or requests a new one (concurrent callers share one request). */
  async getToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.accessToken;
    if (!this.pendingToken) {
      this.pendingToken = this.requestToken().finally(() => {
        this.pendingToken = undefined;
      });
    }
    return this.pendingToken;
  }

  private async requestToken(): Promise<string> {
    const { clientKey, clientSecret } = this.options;
    const authBase = trimSlash(this.options.authBaseUrl ?? this.options.baseUrl);
    this.tokenRequests += 1;
    const res = await this.fetchImpl(`${authBase}/auth/oauth2/v1/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${clientKey}:${clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        'Correlation-ID': randomUUID(),
      },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    const body = await readJson(res);
    if (!res.ok) {
      const e = readError(body);
      throw new AvvanceApiError(
        'getToken',
        res.status,
        e.code ?? String(res.status),
        e.message ?? res.statusText,
      );
    }
    const b = body as { accessToken?: unknown; expiresIn?: unknown };
    if (typeof b.accessToken !== 'string' || b.accessToken === '') {
      throw new AvvanceApiError(
        'getToken',
        res.status,
        'DEMO_BAD_TOKEN',
        'Token response has no accessToken',
      );
    }
    // `expiresIn` is a string ("899") in Avvance's answer.
    const expiresIn = Number(b.expiresIn);
    const ttl = Math.max(Number.isFinite(expiresIn) ? expiresIn - 60 : 60, 60);
    this.token = { accessToken: b.accessToken, expiresAt: this.now() + ttl * 1000 };
    return b.accessToken;
  }

  /** Calls a partner endpoint with a bearer token; retries once with a fresh token after a 401. */
  private async call<T>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; body: T; correlationId: string }> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.getToken();
      const correlationId = randomUUID();
      const init: RequestInit = {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'Correlation-ID': correlationId,
          'partner-ID': this.options.partnerId,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      };
      if (body !== undefined) init.body = JSON.stringify(body);
      const res = await this.fetchImpl(`${this.options.baseUrl}${path}`, init);
      const parsed = await readJson(res);
      if (res.status === 401 && attempt === 0) {
        this.clearToken();
        continue;
      }
      if (!res.ok) {
        const e = readError(parsed);
        throw new AvvanceApiError(
          operation,
          res.status,
          e.code ?? String(res.status),
          e.message ?? (res.statusText || 'Avvance error'),
          e.details,
        );
      }
      return { status: res.status, body: parsed as T, correlationId };
    }
  }

  /** `POST /price-breakdown` → offers for an amount. */
  async priceBreakdown(amount: string): Promise<AvvanceOffer[]> {
    const { body } = await this.call<{ offers?: AvvanceOffer[] }>(
      'getPriceBreakdown',
      'POST',
      `${LOAN}/price-breakdown`,
      { routingKey: this.options.routingKey ?? 'uat3' },
      { merchantId: this.options.merchantId, amount },
    );
    return Array.isArray(body.offers) ? body.offers : [];
  }

  /** `POST /create` → applicationGUID and the hosted application URL. */
  async createFinancing(
    request: Omit<FinancingInitiationRequest, 'merchantId'>,
  ): Promise<CreateFinancingResult & { correlationId: string }> {
    const { body, correlationId } = await this.call<CreateFinancingResult>(
      'createFinancing',
      'POST',
      `${LOAN}/create`,
      {},
      { ...request, merchantId: this.options.merchantId },
    );
    if (typeof body.consumerOnboardingURL !== 'string' || typeof body.applicationGUID !== 'string') {
      throw new AvvanceApiError(
        'createFinancing',
        502,
        'DEMO_BAD_RESPONSE',
        'Create answered without consumerOnboardingURL/applicationGUID',
      );
    }
    return { ...body, correlationId };
  }

  /** `GET /notification-status` (header `notificationId`) → the last LOAN_STATUS_DETAILS payload. */
  async notificationStatus(applicationGUID: string): Promise<LoanStatusDetails> {
    const { body } = await this.call<LoanStatusDetails>(
      'getNotificationStatus',
      'GET',
      `${LOAN}/notification-status`,
      { merchantId: this.options.merchantId, notificationId: applicationGUID },
    );
    return body;
  }

  /** `GET /loan-status` (header `PartnerSession-ID`) → transaction state; 400 before authorization. */
  async loanStatus(partnerSessionId: string): Promise<string | undefined> {
    const { body } = await this.call<{ loanStatus?: string }>('getLoanStatus', 'GET', `${LOAN}/loan-status`, {
      'Merchant-ID': this.options.merchantId,
      'PartnerSession-ID': partnerSessionId,
    });
    return body.loanStatus;
  }

  /** `POST /void` (unsettled purchase). */
  async voidTransaction(partnerSessionId: string): Promise<VoidRefundResult> {
    const { body } = await this.call<VoidRefundResult>(
      'voidTransaction',
      'POST',
      `${LOAN}/void`,
      {},
      {
        merchantId: this.options.merchantId,
        partnerSessionId,
      },
    );
    return body;
  }

  /** `POST /refund` (settled purchase; partial allowed). */
  async refund(partnerSessionId: string, refundAmount: number): Promise<VoidRefundResult> {
    const { body } = await this.call<VoidRefundResult>(
      'refundTransaction',
      'POST',
      `${LOAN}/refund`,
      {},
      {
        partnerSessionId,
        merchantId: this.options.merchantId,
        refundAmount,
      },
    );
    return body;
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { error: { code: String(res.status), message: text.slice(0, 200) } };
  }
}

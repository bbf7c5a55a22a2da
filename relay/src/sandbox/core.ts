import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import {
  formatAvvanceTimestamp,
  type LoanApplicationStatus,
  type LoanStatusEvent,
  MERCHANT_MESSAGE_BY_STATUS,
  type MerchantMessage,
  type WebhookEvent,
} from '../../../shared/src/openapi/index.ts';
import type { Clock, SandboxDurations, TimerHandle } from './clock.ts';
import { DEFAULT_MERCHANT_NAMES } from './credentials.ts';
import { hashedMerchantId, stableUuid } from './ids.ts';
import { type ResolvedSandboxOptions, resolveSandboxOptions, type SandboxOptions } from './options.ts';
import { DEFAULT_ENROLLED_PRODUCTS } from './products.ts';
import { isApplicationExpired } from './state-machines.ts';
import {
  type ApplicationRecord,
  type DeliveryRecord,
  type MerchantRecord,
  type PartnerState,
  SandboxStore,
} from './store.ts';
import { WebhookDispatcher } from './webhooks.ts';

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The sandbox engine shared by every route: options, clock, store, webhook dispatcher, tokens and the
 * expiry sweep. One per plugin registration; `close()` clears every timer.
 */
export class SandboxCore {
  readonly options: ResolvedSandboxOptions;
  readonly clock: Clock;
  readonly durations: SandboxDurations;
  readonly store: SandboxStore;
  readonly webhooks: WebhookDispatcher;
  readonly #tokenKey = randomBytes(32);
  #sweepTimer: TimerHandle | undefined;
  #closed = false;
  #log: FastifyBaseLogger | undefined;

  constructor(options: ResolvedSandboxOptions) {
    this.options = options;
    this.clock = options.clock;
    this.durations = options.durations;
    this.store = new SandboxStore(options);
    this.webhooks = new WebhookDispatcher({
      clock: this.clock,
      store: this.store,
      timeoutMs: options.webhooks.timeoutMs,
      retryDelaysMs: options.webhooks.retryDelaysMs,
    });
    const now = this.clock.now();
    for (const partner of this.store.partners.values()) {
      for (const mid of partner.config.merchantIds) {
        this.addMerchant(partner, {
          merchantId: mid,
          dbaName: DEFAULT_MERCHANT_NAMES[mid] ?? `Sandbox merchant ${mid}`,
          email: `merchant-${mid}@example.com`,
          status: 'ACTIVE',
        });
      }
      const hook = partner.config.webhook;
      if (hook) {
        partner.webhook = {
          url: hook.url,
          auth: hook.auth,
          events: hook.events ?? ['LOAN_STATUS_DETAILS', 'AVVANCE_MERCHANT_ACTIVITY', 'PRE_APPROVAL_LEADS'],
          updatedAt: now,
        };
      }
    }
    this.#scheduleSweep();
  }

  /** Logger for the engine (ids and statuses only). */
  setLogger(log: FastifyBaseLogger): void {
    this.#log = log;
    this.webhooks.setLogger(log);
  }

  /** Stops timers (expiry sweep, webhook retries) and aborts webhook attempts in flight. */
  close(): void {
    this.#closed = true;
    if (this.#sweepTimer !== undefined) this.clock.clearTimeout(this.#sweepTimer);
    this.webhooks.close();
  }

  /** Adds a merchant to a partner with the default products enrolled. */
  addMerchant(
    partner: PartnerState,
    m: Pick<MerchantRecord, 'merchantId' | 'dbaName' | 'email' | 'status'>,
  ): MerchantRecord {
    const record: MerchantRecord = {
      ...m,
      partnerId: partner.config.partnerId,
      hashedMerchantId: hashedMerchantId(partner.config.partnerId, m.merchantId),
      createdAt: this.clock.now(),
      enrolledProducts: new Set(DEFAULT_ENROLLED_PRODUCTS),
      nextSequence: 1,
    };
    partner.merchants.set(m.merchantId, record);
    return record;
  }

  /** Issues a JWT-looking access token for `partnerId` (valid `tokenTtlMs`). */
  issueToken(partnerId: string): string {
    const iat = this.clock.now();
    const exp = iat + this.durations.tokenTtlMs;
    const header = b64url({ alg: 'HS256', typ: 'JWT' });
    const payload = b64url({
      iss: 'avvance-workbench-sandbox',
      sub: partnerId,
      iat: Math.floor(iat / 1000),
      exp: Math.floor(exp / 1000),
      jti: randomBytes(9).toString('base64url'),
    });
    const sig = createHmac('sha256', this.#tokenKey).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${sig}`;
    this.store.tokens.set(token, { partnerId, expiresAt: exp });
    return token;
  }

  /** The partner owning a live token, or `undefined` (unknown or expired). */
  partnerForToken(token: string): PartnerState | undefined {
    const rec = this.store.tokens.get(token);
    if (!rec || rec.expiresAt <= this.clock.now()) return undefined;
    return this.store.partner(rec.partnerId);
  }

  /** Records a loan status change and posts the LOAN_STATUS_DETAILS webhook. */
  emitLoanStatus(
    app: ApplicationRecord,
    status: LoanApplicationStatus,
    merchantMessage: MerchantMessage = MERCHANT_MESSAGE_BY_STATUS[status],
  ): DeliveryRecord | undefined {
    const now = this.clock.now();
    app.state = status;
    app.merchantMessage = merchantMessage;
    app.stateAt = now;
    const withLoan =
      status === 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED' || status === 'INVOICE_PAYMENT_TRANSACTION_SETTLED';
    const event: LoanStatusEvent = {
      notificationType: 'WEBHOOK',
      alternateId: app.partnerId,
      occurredAt: formatAvvanceTimestamp(new Date(now)),
      productName: 'BNPL',
      eventName: 'LOAN_STATUS_DETAILS',
      eventDetails: {
        merchantId: app.merchantId,
        applicationGUID: app.applicationGUID,
        terminalId: app.terminalId,
        ...(app.paymentTransactionId ? { paymentTransactionId: app.paymentTransactionId } : {}),
        ...(app.approvalCode ? { approvalCode: app.approvalCode } : {}),
        partnerSessionId: app.partnerSessionId,
        loanStatus: { status, merchantMessage },
        invoiceAmount: { value: app.invoiceAmount, currency: 'USD' },
        ...(withLoan && app.loanSummary ? { loanSummary: app.loanSummary } : {}),
      },
    };
    app.lastEvent = event;
    const partner = this.store.partner(app.partnerId)!;
    partner.applications.set(app.applicationGUID, app);
    const delivery = this.webhooks.enqueue(partner, event, {
      correlationId: stableUuid(`${app.applicationGUID}:${status}`),
      sessionId: app.sessionId,
      applicationGUID: app.applicationGUID,
    });
    app.lastDeliveryId = delivery?.id;
    this.#log?.info(
      { applicationGUID: app.applicationGUID, status, deliveryId: delivery?.id },
      'sandbox loan status',
    );
    return delivery;
  }

  /** Posts a merchant or pre-approval webhook with a Correlation-ID stable per `stableKey`. */
  emitEvent(
    partner: PartnerState,
    event: WebhookEvent,
    stableKey: string,
    sessionId: string,
  ): DeliveryRecord | undefined {
    return this.webhooks.enqueue(partner, event, { correlationId: stableUuid(stableKey), sessionId });
  }

  /** Applies expiry to one application (link 30 d, approval 48 h), emitting APPLICATION_LINK_EXPIRED. */
  touch(app: ApplicationRecord): ApplicationRecord {
    if (isApplicationExpired(app, this.clock.now(), this.durations))
      this.emitLoanStatus(app, 'APPLICATION_LINK_EXPIRED');
    return app;
  }

  /** Applies expiry to every application. */
  sweep(): void {
    for (const partner of this.store.partners.values()) {
      for (const app of partner.applications.values()) this.touch(app);
    }
  }

  #scheduleSweep(): void {
    if (this.#closed) return;
    const every = Math.max(1000, Math.round(this.durations.approvedExpiryMs / 48));
    this.#sweepTimer = this.clock.setTimeout(() => {
      this.sweep();
      this.#scheduleSweep();
    }, every);
  }
}

/** Creates a {@link SandboxCore}, validating `options` (throws `SANDBOX_ERR_INVALID_OPTIONS`). */
export function createSandboxCore(options: SandboxOptions = {}): SandboxCore {
  return new SandboxCore(resolveSandboxOptions(options));
}

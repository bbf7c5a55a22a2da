import type {
  AcceptApplicationRequest,
  FinancingInitiationRequest,
  FinancingInitiationResponse,
  ForceEventRequest,
  HostedApplicationSubmit,
  SandboxApplication,
  VoidRefundResponse,
} from '../../../shared/src/openapi/index.ts';
import type { SandboxCore } from './core.ts';
import { decide } from './decisioning.ts';
import { avvanceError } from './errors.ts';
import * as ids from './ids.ts';
import { buildOffers, formatUsDate, isFinanceable, monthlyPayment } from './offers.ts';
import {
  applyVoid,
  assertCanAccept,
  assertCanRefund,
  assertCanSubmit,
  isLinkUsable,
  transactionStatus,
} from './state-machines.ts';
import type { ApplicationRecord, PartnerState, TransactionRecord } from './store.ts';

/** Metadata key (or top-level field) carrying the sandbox-only success return URL. */
export const RETURN_URL_KEY = 'partnerReturnUrl';

/** Path of the simulated hosted application page (S1). */
export const HOSTED_PAGE_PATH = '/usl/avvance-installment-loans';

/** An http(s) URL, or `undefined` for anything else (no `javascript:` links on the hosted page). */
export function safeHttpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function amountOf(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

/** The active merchant `merchantId` of `partner`, else 400 `4120` Invalid Merchant. */
export function activeMerchant(partner: PartnerState, merchantId: string, attributeName = 'merchantId') {
  const merchant = partner.merchants.get(merchantId);
  if (merchant?.status !== 'ACTIVE')
    throw avvanceError(
      'invalidMerchant',
      undefined,
      attributeName,
      merchant ? `Merchant is ${merchant.status}` : 'Merchant not enrolled with this partner',
      merchantId,
    );
  return merchant;
}

/** `POST /create`: validates merchant, amount and session, then issues the application link. */
export function createApplication(
  core: SandboxCore,
  partner: PartnerState,
  body: FinancingInitiationRequest & { partnerReturnUrl?: unknown },
  baseUrl: string,
): FinancingInitiationResponse {
  const merchant = activeMerchant(partner, body.merchantId);
  const invoiceAmount = amountOf(body.invoiceAmount);
  if (!isFinanceable(invoiceAmount))
    throw avvanceError(
      'invalidFieldValue',
      'Invoice amount must be between $300 and $25000',
      'invoiceAmount',
      'Out of range',
      String(body.invoiceAmount),
    );
  const existing = partner.sessions.get(body.partnerSessionId);
  if (existing && partner.applications.has(existing))
    throw avvanceError(
      'duplicatePartnerSession',
      undefined,
      'partnerSessionId',
      'Duplicate',
      body.partnerSessionId,
    );
  const rawReturn = body.metadata?.find((m) => m.key === RETURN_URL_KEY)?.value ?? body.partnerReturnUrl;
  const returnUrl = safeHttpUrl(rawReturn);
  if (rawReturn !== undefined && returnUrl === undefined)
    throw avvanceError('fieldFormat', undefined, RETURN_URL_KEY, 'Must be an http(s) URL');
  const now = core.clock.now();
  const app: ApplicationRecord = {
    applicationGUID: ids.uuid(),
    partnerId: partner.config.partnerId,
    partnerSessionId: body.partnerSessionId,
    merchantId: merchant.merchantId,
    invoiceAmount,
    invoiceId: body.invoiceId ?? `INV${ids.leadId()}`,
    consumer: body.consumer,
    partnerReturnErrorUrl: safeHttpUrl(body.partnerReturnErrorUrl),
    returnUrl,
    createdAt: now,
    state: 'LINK_ISSUED',
    merchantMessage: undefined,
    stateAt: now,
    offers: buildOffers(invoiceAmount, now),
    terminalId: ids.terminalId(),
    sessionId: ids.uuid(),
  };
  partner.applications.set(app.applicationGUID, app);
  partner.sessions.set(app.partnerSessionId, app.applicationGUID);
  return {
    status: 'SUCCESS',
    isMerchantValid: 'Y',
    isCartCreated: 'Y',
    consumerOnboardingURL: `${baseUrl}${HOSTED_PAGE_PATH}?guid=${app.applicationGUID}`,
    applicationGUID: app.applicationGUID,
    partnerSessionID: app.partnerSessionId,
  };
}

/** The application with this GUID (any partner), expiry applied; 404 `4040` when unknown. */
export function requireApplication(
  core: SandboxCore,
  guid: string,
  attributeName = 'applicationGUID',
): ApplicationRecord {
  const app = core.store.findApplication(guid);
  if (!app)
    throw avvanceError('notFound', 'No application found', attributeName, 'No application found', guid);
  return core.touch(app);
}

/** The partner's application for a partnerSessionId and merchant; 404 `4040` otherwise. */
export function applicationBySession(
  partner: PartnerState,
  merchantId: string,
  sessionId: string,
  attributeName = 'partnerSessionId',
): ApplicationRecord {
  const guid = partner.sessions.get(sessionId);
  const app = guid === undefined ? undefined : partner.applications.get(guid);
  if (!app || app.merchantId !== merchantId)
    throw avvanceError(
      'notFound',
      'No transaction found',
      attributeName,
      'No transaction for this merchant',
      sessionId,
    );
  return app;
}

/** The sandbox's view of an application (S2–S4 responses). */
export function applicationView(app: ApplicationRecord): SandboxApplication {
  const status = app.state === 'LINK_ISSUED' ? 'APPLICATION_STARTED' : app.state;
  const view: SandboxApplication = {
    applicationGUID: app.applicationGUID,
    partnerSessionId: app.partnerSessionId,
    merchantId: app.merchantId,
    status,
    merchantMessage: app.merchantMessage ?? 'PENDING_CUSTOMER_ACTION',
  };
  if (app.approvedAmount !== undefined) view.approvedAmount = app.approvedAmount;
  if (app.state === 'APPLICATION_APPROVED' || app.state === 'APPLICATION_PARTIALLY_APPROVED')
    view.offers = app.offers;
  if (app.loanSummary) view.loanSummary = app.loanSummary;
  if (app.paymentTransactionId) view.paymentTransactionId = app.paymentTransactionId;
  if (app.approvalCode) view.approvalCode = app.approvalCode;
  if (app.txn) view.transactionStatus = transactionStatus(app.txn);
  if (app.lastDeliveryId) view.webhookDeliveryId = app.lastDeliveryId;
  return view;
}

/** Consumer opened the link: LINK_ISSUED → APPLICATION_STARTED (with its webhook). */
export function openApplication(core: SandboxCore, app: ApplicationRecord): void {
  if (app.state === 'LINK_ISSUED') core.emitLoanStatus(app, 'APPLICATION_STARTED');
}

function assertLinkUsable(app: ApplicationRecord): void {
  if (!isLinkUsable(app))
    throw avvanceError(
      'invalidFieldValue',
      'Application link expired',
      'applicationGUID',
      'Expired',
      app.applicationGUID,
    );
}

/** S2: decisioning by magic values; approvals get offers for the approved amount. */
export function submitApplication(
  core: SandboxCore,
  app: ApplicationRecord,
  body: HostedApplicationSubmit,
): SandboxApplication {
  assertLinkUsable(app);
  assertCanSubmit(app);
  if (!body.consents.creditPullConsent)
    throw avvanceError(
      'invalidFieldValue',
      'Credit check consent is required',
      'consents.creditPullConsent',
      'Must be true',
    );
  openApplication(core, app);
  const decision = decide(body, app.invoiceAmount);
  const now = core.clock.now();
  if (decision.approvedAmount !== undefined) {
    app.approvedAmount = decision.approvedAmount;
    app.approvedAt = now;
    app.offers = buildOffers(decision.approvedAmount, now);
    if (body.selectedOffer) app.selectedOffer = body.selectedOffer;
  }
  core.emitLoanStatus(app, decision.status);
  return applicationView(app);
}

function authorize(
  core: SandboxCore,
  app: ApplicationRecord,
  offer: { termCount: number; apr: number },
): void {
  const partner = core.store.partner(app.partnerId)!;
  const merchant = partner.merchants.get(app.merchantId);
  const amount = app.approvedAmount ?? app.invoiceAmount;
  const now = core.clock.now();
  const payment = monthlyPayment(amount, offer.apr, offer.termCount);
  app.loanSummary = {
    accountType: 'Avvance installment loan',
    accountNumber: ids.maskedLoanAccount(),
    amountFinanced: String(amount),
    apr: offer.apr,
    term: offer.termCount,
    monthlyPayment: payment,
    totalLoanAmount: Math.round(payment * offer.termCount * 100) / 100,
    firstPaymentDue: formatUsDate(now + 30 * 24 * 3_600_000),
  };
  app.paymentTransactionId = ids.paymentTransactionId();
  app.approvalCode = ids.approvalCode();
  const sequenceNumber = merchant ? merchant.nextSequence++ : 1;
  const txn: TransactionRecord = {
    status: 'AUTHORIZED',
    amount,
    authorizedAt: now,
    refunds: [],
    sequenceNumber,
  };
  app.txn = txn;
}

/** S3: accept an offer and e-sign → INVOICE_PAYMENT_TRANSACTION_AUTHORIZED (transaction AUTHORIZED). */
export function acceptApplication(
  core: SandboxCore,
  app: ApplicationRecord,
  body: AcceptApplicationRequest | null | undefined,
): SandboxApplication {
  assertLinkUsable(app);
  assertCanAccept(app);
  if (body?.eSignConsent === false)
    throw avvanceError('invalidFieldValue', 'E-sign consent is required', 'eSignConsent', 'Must be true');
  const wanted = body?.selectedOffer ?? app.selectedOffer;
  const offer = wanted
    ? app.offers.find((o) => o.termCount === wanted.termCount && o.offerType === wanted.offerType)
    : app.offers[0];
  if (!offer)
    throw avvanceError(
      'invalidFieldValue',
      'Selected offer is not one of the application’s offers',
      'selectedOffer',
      'Unknown offer',
    );
  app.selectedOffer = { termCount: offer.termCount, apr: offer.apr, offerType: offer.offerType };
  authorize(core, app, offer);
  core.emitLoanStatus(app, 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED');
  return applicationView(app);
}

/** S4: force any status (creating or settling the transaction when the status implies it). */
export function forceStatus(
  core: SandboxCore,
  app: ApplicationRecord,
  body: ForceEventRequest,
): SandboxApplication {
  const { status } = body;
  const now = core.clock.now();
  if (status === 'APPLICATION_APPROVED' || status === 'APPLICATION_PARTIALLY_APPROVED') {
    app.approvedAmount =
      status === 'APPLICATION_APPROVED' ? app.invoiceAmount : Math.floor(app.invoiceAmount * 50) / 100;
    app.approvedAt = now;
    app.offers = buildOffers(app.approvedAmount, now);
  }
  if (
    (status === 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED' ||
      status === 'INVOICE_PAYMENT_TRANSACTION_SETTLED') &&
    !app.txn
  ) {
    app.approvedAmount ??= app.invoiceAmount;
    authorize(core, app, app.offers[0] ?? { termCount: 12, apr: 0 });
  }
  if (status === 'INVOICE_PAYMENT_TRANSACTION_SETTLED' && app.txn?.status === 'AUTHORIZED') {
    app.txn.status = 'SETTLED';
    app.txn.settledAt = now;
  }
  core.emitLoanStatus(app, status, body.merchantMessage);
  return applicationView(app);
}

function moneyReply(app: ApplicationRecord): VoidRefundResponse {
  return {
    isTransactionComplete: true,
    paymentTransactionId: ids.uuid(),
    approvalCode: ids.approvalCode(),
    partnerSessionId: app.partnerSessionId,
  };
}

/** `POST /void`: the purchase while AUTHORIZED, or refunds still in progress. */
export function voidTransaction(
  core: SandboxCore,
  partner: PartnerState,
  merchantId: string,
  sessionId: string,
): VoidRefundResponse {
  const app = applicationBySession(partner, merchantId, sessionId);
  if (!app.txn) throw avvanceError('loanNotAuthorized');
  applyVoid(app.txn, core.clock.now());
  partner.applications.set(app.applicationGUID, app);
  return moneyReply(app);
}

/** `POST /refund`: full or partial refund of a settled purchase (settles at the next settlement run). */
export function refundTransaction(
  core: SandboxCore,
  partner: PartnerState,
  merchantId: string,
  sessionId: string,
  amount: number,
): VoidRefundResponse {
  const app = applicationBySession(partner, merchantId, sessionId);
  if (!app.txn) throw avvanceError('loanNotAuthorized');
  assertCanRefund(app.txn, amount);
  const merchant = partner.merchants.get(app.merchantId);
  app.txn.refunds.push({
    id: ids.uuid(),
    amount: Math.round(amount * 100) / 100,
    status: 'IN_PROGRESS',
    createdAt: core.clock.now(),
    sequenceNumber: merchant ? merchant.nextSequence++ : app.txn.refunds.length + 2,
  });
  partner.applications.set(app.applicationGUID, app);
  return moneyReply(app);
}

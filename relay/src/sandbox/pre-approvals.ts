import type {
  OffersResponse,
  PreApprovalCreateRequest,
  PreApprovalCreateResponse,
  PreApprovalLeadsEvent,
  PreApprovalOffersRequest,
  PreApprovalResult,
  PreApprovalSubmitRequest,
} from '../../../shared/src/openapi/index.ts';
import { formatAvvanceTimestamp } from '../../../shared/src/openapi/index.ts';
import type { SandboxCore } from './core.ts';
import { APPROVABLE_PHONE, MIN_ANNUAL_INCOME, SSN_PERSONAS } from './decisioning.ts';
import { avvanceError } from './errors.ts';
import * as ids from './ids.ts';
import { buildOffers, isFinanceable, MAX_FINANCED_AMOUNT } from './offers.ts';
import type { PartnerState } from './store.ts';

/** Path of the (not served) hosted pre-approval form the create response links to. */
export const PRE_APPROVAL_PAGE_PATH = '/usl/avvance-preapproval';

/** `POST /pre-approval/v1/create`: resolves the merchant by `merchantID` or `hashedMID`. */
export function createPreApproval(
  core: SandboxCore,
  partner: PartnerState,
  body: PreApprovalCreateRequest,
  baseUrl: string,
  sessionId: string | undefined,
): PreApprovalCreateResponse {
  const merchant =
    'merchantID' in body
      ? partner.merchants.get(body.merchantID)
      : partner.merchants.values().find((m) => m.hashedMerchantId === body.hashedMID);
  const attribute = 'merchantID' in body ? 'merchantID' : 'hashedMID';
  if (merchant?.status !== 'ACTIVE')
    throw avvanceError('invalidMerchant', undefined, attribute, 'Merchant not enrolled with this partner');
  const id = ids.uuid();
  partner.preApprovals.set(id, {
    preApprovalRequestID: id,
    partnerId: partner.config.partnerId,
    merchantId: merchant.merchantId,
    createdAt: core.clock.now(),
    sessionId: sessionId ?? ids.uuid(),
  });
  return {
    preApprovalOnboardingURL: `${baseUrl}${PRE_APPROVAL_PAGE_PATH}?id=${id}`,
    preApprovalRequestID: id,
  };
}

/** Limit granted on pre-approval: 10 % of income in $500 steps, between $1,000 and $25,000. */
export function maxPreApproved(annualIncome: number): number {
  return Math.min(MAX_FINANCED_AMOUNT, Math.max(1000, Math.floor((annualIncome * 0.1) / 500) * 500));
}

/** S8: decides the lead with the same magic values and posts PRE_APPROVAL_LEADS. */
export function submitPreApproval(
  core: SandboxCore,
  id: string,
  body: PreApprovalSubmitRequest,
): PreApprovalResult {
  const rec = core.store.findPreApproval(id);
  if (!rec) throw avvanceError('notFound', 'No pre-approval found', 'preApprovalRequestID', 'Unknown id', id);
  if (rec.leadstatus)
    throw avvanceError(
      'invalidFieldValue',
      'Pre-approval already submitted',
      'preApprovalRequestID',
      'Already decided',
      id,
    );
  const c = body.customer;
  const persona = c.ssn ? SSN_PERSONAS[c.ssn.replace(/\D/g, '').slice(-4)] : undefined;
  const approved =
    c.mobilePhone === APPROVABLE_PHONE &&
    c.annualIncome >= MIN_ANNUAL_INCOME &&
    persona !== 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT' &&
    persona !== 'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT';
  const now = core.clock.now();
  rec.leadid = ids.leadId();
  rec.leadstatus = approved ? 'PRE_APPROVED' : 'NOT_APPROVED';
  rec.leadExpiresAt = now + core.durations.leadExpiryMs;
  if (approved) rec.maxPreApprovedAmount = maxPreApproved(c.annualIncome);
  const partner = core.store.partner(rec.partnerId)!;
  partner.preApprovals.set(rec.preApprovalRequestID, rec);
  const merchant = partner.merchants.get(rec.merchantId);
  const leadExpiryDate = formatAvvanceTimestamp(new Date(rec.leadExpiresAt));
  const event: PreApprovalLeadsEvent = {
    alternateId: partner.config.partnerId,
    occurredAt: formatAvvanceTimestamp(new Date(now)),
    productName: 'BNPL',
    eventName: 'PRE_APPROVAL_LEADS',
    eventDetails: {
      mid: rec.merchantId,
      preApprovalRequestId: rec.preApprovalRequestID,
      leadid: rec.leadid,
      leadstatus: rec.leadstatus,
      customerName: `${c.firstName} ${c.lastName}`,
      customerEmail: c.email,
      customerPhone: c.mobilePhone,
      ...(c.city ? { customerCity: c.city } : {}),
      ...(c.state ? { customerState: c.state } : {}),
      ...(merchant ? { merchantEmail: merchant.email } : {}),
      leadExpiryDate,
      leadGenerationTime: formatAvvanceTimestamp(new Date(now)),
      ...(rec.maxPreApprovedAmount !== undefined
        ? { metadata: [{ key: 'maxPreApprovedAmount', value: String(rec.maxPreApprovedAmount) }] }
        : {}),
    },
  };
  const delivery = core.emitEvent(
    partner,
    event,
    `${rec.preApprovalRequestID}:${rec.leadstatus}`,
    rec.sessionId,
  );
  return {
    preApprovalRequestID: rec.preApprovalRequestID,
    leadid: rec.leadid,
    leadstatus: rec.leadstatus,
    ...(rec.maxPreApprovedAmount !== undefined ? { maxPreApprovedAmount: rec.maxPreApprovedAmount } : {}),
    leadExpiryDate,
    ...(delivery ? { webhookDeliveryId: delivery.id } : {}),
  };
}

/** `POST /preapproval-offers`: offers for a live PRE_APPROVED lead, up to its limit. */
export function preApprovalOffers(
  core: SandboxCore,
  partner: PartnerState,
  body: PreApprovalOffersRequest,
): OffersResponse {
  const rec = partner.preApprovals.get(body.shoppingCartId);
  if (!rec || rec.merchantId !== body.merchantId)
    throw avvanceError(
      'notFound',
      'No pre-approval found',
      'shoppingCartId',
      'Unknown pre-approval for this merchant',
      body.shoppingCartId,
    );
  const fail = (message: string, attribute = 'shoppingCartId') =>
    avvanceError('invalidFieldValue', message, attribute, message);
  if (!rec.leadstatus) throw fail('Pre-approval not completed');
  if (rec.leadstatus !== 'PRE_APPROVED') throw fail('Consumer not pre-approved');
  const now = core.clock.now();
  if (rec.leadExpiresAt !== undefined && now >= rec.leadExpiresAt) throw fail('Pre-approval lead expired');
  const amount = body.intendedSpendingAmount;
  if (!isFinanceable(amount)) throw fail('Amount must be between $300 and $25000', 'intendedSpendingAmount');
  if (amount > (rec.maxPreApprovedAmount ?? 0))
    throw fail('Amount exceeds maxPreApprovedAmount', 'intendedSpendingAmount');
  return { offers: buildOffers(amount, now) };
}

/** `GET|POST /preapproval/link`: the merchant's "check if you prequalify" link. */
export function preApprovalLink(partner: PartnerState, merchantId: string, baseUrl: string) {
  const m = partner.merchants.get(merchantId);
  if (m?.status !== 'ACTIVE')
    throw avvanceError(
      'invalidMerchant',
      undefined,
      'Merchant-ID',
      'Merchant not enrolled with this partner',
      merchantId,
    );
  return { preApprovalLink: `${baseUrl}/flexible-financing.html?id=${m.hashedMerchantId}` };
}

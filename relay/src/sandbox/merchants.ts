import { randomInt } from 'node:crypto';
import type {
  EnrollMerchantRequest,
  HostedMerchantUiResponse,
  ManageProductsRequest,
  MerchantActivityEvent,
  SandboxMerchant,
  SandboxMerchantCreateRequest,
  UnenrollRequest,
  UnenrollResponse,
  UpdateProductsRequest,
  UpdateProductsResponse,
} from '../../../shared/src/openapi/index.ts';
import { formatAvvanceTimestamp } from '../../../shared/src/openapi/index.ts';
import type { SandboxCore } from './core.ts';
import { avvanceError } from './errors.ts';
import { PRODUCT_CATALOGUE } from './products.ts';
import { assertMerchantTransition } from './state-machines.ts';
import type { DeliveryRecord, MerchantRecord, PartnerState } from './store.ts';

/** The public form of a merchant (S9). */
export function merchantView(m: MerchantRecord, delivery?: DeliveryRecord): SandboxMerchant {
  return {
    merchantId: m.merchantId,
    partnerId: m.partnerId,
    dbaName: m.dbaName,
    email: m.email,
    status: m.status,
    hashedMerchantId: m.hashedMerchantId,
    createdAt: new Date(m.createdAt).toISOString(),
    ...(delivery ? { webhookDeliveryId: delivery.id } : {}),
  };
}

/** The partner's merchant, else 404 `4040` (or `4120` where the operation documents no 404). */
export function partnerMerchant(
  partner: PartnerState,
  merchantId: string,
  missing: 'notFound' | 'invalidMerchant',
  attributeName = 'merchantId',
): MerchantRecord {
  const m = partner.merchants.get(merchantId);
  if (!m)
    throw avvanceError(
      missing,
      missing === 'notFound' ? 'Merchant not found' : undefined,
      attributeName,
      'Merchant not enrolled with this partner',
      merchantId,
    );
  return m;
}

function emitActivity(
  core: SandboxCore,
  partner: PartnerState,
  m: MerchantRecord,
  eventStatus: MerchantActivityEvent['eventDetails']['eventStatus'],
) {
  const now = core.clock.now();
  const event: MerchantActivityEvent = {
    alternateId: partner.config.partnerId,
    occurredAt: formatAvvanceTimestamp(new Date(now)),
    productName: 'BNPL',
    eventName: 'AVVANCE_MERCHANT_ACTIVITY',
    eventDetails: { merchantId: m.merchantId, eventStatus },
  };
  return core.emitEvent(partner, event, `${m.merchantId}:${eventStatus}:${now}`, m.hashedMerchantId);
}

/** `POST /enroll-merchant`: registers the MID as PENDING_ENROLLMENT and returns the (sandbox) enrollment UI link. */
export function enrollMerchant(
  core: SandboxCore,
  partner: PartnerState,
  body: EnrollMerchantRequest,
  baseUrl: string,
): HostedMerchantUiResponse {
  const other = core.store.findMerchant(body.merchantId);
  if (other && other.partnerId !== partner.config.partnerId)
    throw avvanceError(
      'invalidMerchant',
      undefined,
      'merchantId',
      'Merchant belongs to another partner',
      body.merchantId,
    );
  if (!other)
    core.addMerchant(partner, {
      merchantId: body.merchantId,
      dbaName: `Merchant ${body.merchantId}`,
      email: body.applicantEmail,
      status: 'PENDING_ENROLLMENT',
    });
  return {
    status: 'SUCCESS',
    applyUrl: `${baseUrl}/merchantenrollUI?mid=${encodeURIComponent(body.merchantId)}`,
  };
}

/** `POST /manage-products`: the (sandbox) product UI link for an enrolled merchant. */
export function manageProducts(
  partner: PartnerState,
  body: ManageProductsRequest,
  baseUrl: string,
): HostedMerchantUiResponse {
  const m = partnerMerchant(partner, body.merchantId, 'invalidMerchant');
  if (m.status === 'UNENROLLED')
    throw avvanceError('invalidMerchant', undefined, 'merchantId', 'Merchant is UNENROLLED', m.merchantId);
  return {
    status: 'SUCCESS',
    applyUrl: `${baseUrl}/modifyproductUI?mid=${encodeURIComponent(m.merchantId)}`,
  };
}

/** `PUT /products`: add/remove products, once per `productChangeMs` (24 h). */
export function updateProducts(
  core: SandboxCore,
  partner: PartnerState,
  body: UpdateProductsRequest,
): UpdateProductsResponse {
  const m = partnerMerchant(partner, body.merchantId, 'notFound');
  const now = core.clock.now();
  if (m.lastProductChangeAt !== undefined && now < m.lastProductChangeAt + core.durations.productChangeMs)
    throw avvanceError('invalidFieldValue', 'Products can be changed once every 24 hours');
  body.products.forEach((p, i) => {
    if (!PRODUCT_CATALOGUE.some((c) => c.productId === p.productCode))
      throw avvanceError(
        'invalidFieldValue',
        undefined,
        `products.${i}.productCode`,
        'Unknown product',
        p.productCode,
      );
  });
  for (const p of body.products) {
    if (p.changeRequestType === 'add') m.enrolledProducts.add(p.productCode);
    else m.enrolledProducts.delete(p.productCode);
  }
  m.lastProductChangeAt = now;
  return { status: 'SUCCESS', message: 'Your changes have been saved.' };
}

/** `POST /unenroll`: ACTIVE → UNENROLLED with a MERCHANT_DEACTIVATION webhook. */
export function unenrollMerchant(
  core: SandboxCore,
  partner: PartnerState,
  body: UnenrollRequest,
): UnenrollResponse {
  const m = partnerMerchant(partner, body.merchantId, 'invalidMerchant');
  assertMerchantTransition(m, 'UNENROLLED');
  m.status = 'UNENROLLED';
  emitActivity(core, partner, m, 'MERCHANT_DEACTIVATION');
  return { status: 'success', successMessage: 'successfully unenrolled from avvance' };
}

/** S9 create: a PENDING_ENROLLMENT merchant (10-digit MID generated when omitted). */
export function createMerchant(core: SandboxCore, body: SandboxMerchantCreateRequest): SandboxMerchant {
  const partner = core.store.partner(body.partnerId);
  if (!partner)
    throw avvanceError(
      'invalidFieldValue',
      'Unknown partner',
      'partnerId',
      'No such sandbox partner',
      body.partnerId,
    );
  let merchantId = body.merchantId;
  if (merchantId !== undefined && core.store.findMerchant(merchantId))
    throw avvanceError('invalidFieldValue', 'Merchant already exists', 'merchantId', 'Duplicate', merchantId);
  while (merchantId === undefined || core.store.findMerchant(merchantId))
    merchantId = `80${randomInt(10_000_000, 100_000_000)}`;
  const m = core.addMerchant(partner, {
    merchantId,
    dbaName: body.dbaName,
    email: body.email,
    status: 'PENDING_ENROLLMENT',
  });
  return merchantView(m);
}

/** S9 activate: → ACTIVE with a MERCHANT_ACTIVATION webhook. */
export function activateMerchant(core: SandboxCore, merchantId: string): SandboxMerchant {
  const m = core.store.findMerchant(merchantId);
  if (!m) throw avvanceError('notFound', 'Merchant not found', 'merchantId', 'No such merchant', merchantId);
  assertMerchantTransition(m, 'ACTIVE');
  m.status = 'ACTIVE';
  const partner = core.store.partner(m.partnerId)!;
  return merchantView(m, emitActivity(core, partner, m, 'MERCHANT_ACTIVATION'));
}

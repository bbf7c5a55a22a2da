import Type, { type Static } from 'typebox';
import { MerchantId, StringEnum } from './common.ts';

/** Offer kinds: 0 % APR, promotional 0 % then APR, or plain APR. */
export const OFFER_TYPES = ['ZERO', 'PROMO', 'APR'] as const;

/** One payment offer (newer `{ offers: [...] }` format). */
export const Offer = Type.Object({
  offerType: StringEnum(OFFER_TYPES),
  paymentAmount: Type.Number({ description: 'Monthly payment, USD.' }),
  apr: Type.Number({ minimum: 0, description: 'Percent.' }),
  termCount: Type.Integer({ minimum: 1, description: 'Months.' }),
  totalLoanWithInterest: Type.Number(),
  promotionApr: Type.Optional(Type.Number({ minimum: 0 })),
  promotionTermInMonths: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Also sent as `promotionTerm` by older services.' }),
  ),
  promotionPaymentAmount: Type.Optional(Type.Number({ description: 'Payment that avoids interest.' })),
  firstPaymentDue: Type.Optional(
    Type.String({ pattern: '^\\d{2}/\\d{2}/\\d{4}$', description: 'Sandbox addition, `MM/dd/yyyy`.' }),
  ),
});
export type Offer = Static<typeof Offer>;

/** Legacy offer row (older top-level array / `paymentOptions` format). The sandbox never emits it. */
export const LegacyPaymentOption = Type.Object({
  monthlyPaymentAmount: Type.Number(),
  apr: Type.Number(),
  termCount: Type.Integer(),
  totalLoanWithInterest: Type.Number(),
});
export type LegacyPaymentOption = Static<typeof LegacyPaymentOption>;

/** Offers list returned by price-breakdown and preapproval-offers. */
export const OffersResponse = Type.Object(
  { offers: Type.Array(Offer) },
  { description: 'Payment estimates, ordered by term.' },
);
export type OffersResponse = Static<typeof OffersResponse>;

/**
 * `POST /price-breakdown` body. The amount field's name is not confirmed by a public source; the project
 * uses `amount`.
 */
export const PriceBreakdownRequest = Type.Object({
  merchantId: MerchantId,
  amount: Type.Union(
    [Type.Number({ exclusiveMinimum: 0 }), Type.String({ pattern: '^\\d+(\\.\\d{1,2})?$' })],
    {
      description: 'Purchase amount in USD ($300–$25,000).',
    },
  ),
});
export type PriceBreakdownRequest = Static<typeof PriceBreakdownRequest>;

/** `POST /poslp/services/pre-approval/v1/create` body: newer clients send `merchantID`, older `hashedMID`. */
export const PreApprovalCreateRequest = Type.Union(
  [
    Type.Object({ merchantID: MerchantId }),
    Type.Object({
      hashedMID: Type.String({ minLength: 1, description: 'The `id` of the merchant’s pre-approval link.' }),
    }),
  ],
  { description: 'Either `merchantID` (newer) or `hashedMID` (older).' },
);
export type PreApprovalCreateRequest = Static<typeof PreApprovalCreateRequest>;

/** Pre-approval create response. */
export const PreApprovalCreateResponse = Type.Object({
  preApprovalOnboardingURL: Type.String({
    format: 'uri',
    description: 'Hosted pre-approval form (capability URL).',
  }),
  preApprovalRequestID: Type.String({ minLength: 1, description: 'UUID.' }),
});
export type PreApprovalCreateResponse = Static<typeof PreApprovalCreateResponse>;

/** `POST /preapproval-offers` body. */
export const PreApprovalOffersRequest = Type.Object({
  shoppingCartId: Type.String({ minLength: 1, description: 'The `preApprovalRequestId` of the lead.' }),
  merchantId: MerchantId,
  intendedSpendingAmount: Type.Number({ exclusiveMinimum: 0, description: 'USD (a float).' }),
});
export type PreApprovalOffersRequest = Static<typeof PreApprovalOffersRequest>;

/** `GET|POST /preapproval/link` response. */
export const PreApprovalLinkResponse = Type.Object({
  preApprovalLink: Type.String({
    format: 'uri',
    description: 'Merchant-specific link; its `id` query parameter is the hashed merchant id.',
  }),
});
export type PreApprovalLinkResponse = Static<typeof PreApprovalLinkResponse>;

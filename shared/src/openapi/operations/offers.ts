import { SPECIFIC_BAD_REQUESTS } from '../examples/errors.ts';
import {
  OFFERS_RESPONSE,
  PRE_APPROVAL_CREATE_REQUEST,
  PRE_APPROVAL_CREATE_REQUEST_HASHED,
  PRE_APPROVAL_CREATE_RESPONSE,
  PRE_APPROVAL_LINK_RESPONSE,
  PRE_APPROVAL_OFFERS_REQUEST,
  PRICE_BREAKDOWN_REQUEST,
} from '../examples/merchant.ts';
import {
  OffersResponse,
  PreApprovalCreateRequest,
  PreApprovalCreateResponse,
  PreApprovalLinkResponse,
  PreApprovalOffersRequest,
  PriceBreakdownRequest,
} from '../schemas/offers.ts';
import { type OperationSpec, one } from './spec.ts';

const LOAN = '/poslp/services/avvance-loan/v1';
const STANDARD_ERRORS = [400, 401, 405, 429, 500, 503] as const;
const LINK_SENSITIVE = { responseBody: ['preApprovalLink'] };

const linkOperation = (method: 'get' | 'post'): OperationSpec => ({
  operationId: method === 'get' ? 'getPreApprovalLink' : 'postPreApprovalLink',
  method,
  path: `${LOAN}/preapproval/link`,
  tag: 'Pre-approval',
  summary:
    method === 'get' ? 'Get the merchant’s pre-approval link' : 'Get the pre-approval link (POST form)',
  description:
    method === 'get'
      ? 'Merchant-specific "check if you prequalify" link; its `id` is the hashed merchant id. Note the ' +
        '`Merchant-ID` header casing.'
      : 'Same as the GET, as client code calls it: POST with an empty body.',
  source: method === 'get' ? 'confirmed' : 'confirmed-in-client',
  security: 'bearer',
  headers: ['CorrelationId', 'PartnerId', 'MerchantIdDashed'],
  success: {
    status: 200,
    description: 'The link.',
    schema: PreApprovalLinkResponse,
    examples: one('link', 'Pre-approval link', PRE_APPROVAL_LINK_RESPONSE),
  },
  errors: STANDARD_ERRORS,
  sensitive: LINK_SENSITIVE,
});

/** Offer and pre-approval operations (rows 8–11 of the endpoint list). */
export const OFFER_OPERATIONS: readonly OperationSpec[] = [
  {
    operationId: 'getPriceBreakdown',
    method: 'post',
    path: `${LOAN}/price-breakdown`,
    tag: 'Offers',
    summary: 'Estimate payments for an amount',
    description:
      'Payment estimates for a product-page widget (ZERO, PROMO and APR offers) for $300–$25,000. Client ' +
      'code sends a `routingKey` header (`uat3` sandbox, `az1` production).',
    source: 'confirmed-in-client',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId', 'RoutingKey'],
    requestBody: {
      schema: PriceBreakdownRequest,
      examples: one('estimate', 'Estimate for $1,240', PRICE_BREAKDOWN_REQUEST),
    },
    success: {
      status: 200,
      description: 'Offers for the amount.',
      schema: OffersResponse,
      examples: one('offers', 'Three offers', OFFERS_RESPONSE),
    },
    errors: STANDARD_ERRORS,
    errorExamples: { 400: { amountOutOfRange: SPECIFIC_BAD_REQUESTS.amountOutOfRange } },
  },
  {
    operationId: 'createPreApproval',
    method: 'post',
    path: '/poslp/services/pre-approval/v1/create',
    tag: 'Pre-approval',
    summary: 'Start a consumer pre-approval',
    description:
      'Starts a "check if you prequalify" session and returns the hosted form URL. Note the different ' +
      'service segment (`pre-approval/v1`). The result arrives by `PRE_APPROVAL_LEADS` webhook.',
    source: 'confirmed-in-client',
    security: 'bearer',
    headers: [
      'CorrelationId',
      { param: 'PartnerId', required: false },
      'ChannelId',
      'ApplicationId',
      'SessionId',
      'ClientData',
    ],
    requestBody: {
      schema: PreApprovalCreateRequest,
      examples: {
        merchantId: { summary: 'Newer clients: merchantID', value: PRE_APPROVAL_CREATE_REQUEST },
        hashedMid: {
          summary: 'Older clients: hashedMID from the link',
          value: PRE_APPROVAL_CREATE_REQUEST_HASHED,
        },
      },
    },
    success: {
      status: 201,
      description: 'Pre-approval session created (some deployments answer 200).',
      schema: PreApprovalCreateResponse,
      examples: one('created', 'Session created', PRE_APPROVAL_CREATE_RESPONSE),
    },
    errors: STANDARD_ERRORS,
    errorExamples: { 400: { missingMerchantId: SPECIFIC_BAD_REQUESTS.missingMerchantId } },
    sensitive: { requestHeaders: ['Session-ID'], responseBody: ['preApprovalOnboardingURL'] },
  },
  {
    operationId: 'getPreApprovalOffers',
    method: 'post',
    path: `${LOAN}/preapproval-offers`,
    tag: 'Pre-approval',
    summary: 'Offers for a pre-approved consumer',
    description:
      'Offers the pre-approved consumer qualifies for, for an intended amount. `shoppingCartId` is the ' +
      'pre-approval request id. Client code sends `Channel-ID: ECOM`.',
    source: 'confirmed-in-client',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId', 'ChannelId'],
    requestBody: {
      schema: PreApprovalOffersRequest,
      examples: one('offers', 'Offers for $1,240', PRE_APPROVAL_OFFERS_REQUEST),
    },
    success: {
      status: 200,
      description: 'Offers (some deployments answer 201).',
      schema: OffersResponse,
      examples: one('offers', 'Three offers', OFFERS_RESPONSE),
    },
    errors: [400, 401, 404, 405, 429, 500, 503],
  },
  linkOperation('get'),
  linkOperation('post'),
];

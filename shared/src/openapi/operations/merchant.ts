import { SPECIFIC_BAD_REQUESTS } from '../examples/errors.ts';
import {
  ENROLL_REQUEST,
  ENROLL_RESPONSE,
  MANAGE_PRODUCTS_REQUEST,
  MANAGE_PRODUCTS_RESPONSE,
  PRODUCTS_RESPONSE,
  UNENROLL_REQUEST,
  UNENROLL_RESPONSE,
  UPDATE_PRODUCTS_REQUEST,
  UPDATE_PRODUCTS_RESPONSE,
} from '../examples/merchant.ts';
import {
  EnrollMerchantRequest,
  HostedMerchantUiResponse,
  ManageProductsRequest,
  ProductsResponse,
  UnenrollRequest,
  UnenrollResponse,
  UpdateProductsRequest,
  UpdateProductsResponse,
} from '../schemas/merchant.ts';
import { type OperationSpec, one } from './spec.ts';

const LOAN = '/poslp/services/avvance-loan/v1';
const PARTNER = '/poslp/services/partner';
const STANDARD_ERRORS = [400, 401, 405, 429, 500, 503] as const;
// The real spec documents no 401 on the products endpoints; the sandbox still answers 401 without a token.
const PRODUCT_ERRORS = [400, 401, 404, 405, 429, 500, 503] as const;

/** Merchant enrollment and product operations (rows 12–16 of the endpoint list). */
export const MERCHANT_OPERATIONS: readonly OperationSpec[] = [
  {
    operationId: 'enrollMerchant',
    method: 'post',
    path: `${PARTNER}/enroll-merchant`,
    tag: 'Merchant',
    summary: 'Start merchant enrollment',
    description:
      'Returns the hosted enrollment UI (`applyUrl`). Nothing changes until the merchant completes it; ' +
      'activation then arrives as an `AVVANCE_MERCHANT_ACTIVITY` webhook.',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId', 'XClientIp'],
    requestBody: {
      schema: EnrollMerchantRequest,
      examples: one('enroll', 'Enroll a merchant', ENROLL_REQUEST),
    },
    success: {
      status: 200,
      description: 'Hosted enrollment UI.',
      schema: HostedMerchantUiResponse,
      examples: one('applyUrl', 'Enrollment UI link', ENROLL_RESPONSE),
    },
    errors: STANDARD_ERRORS,
    errorExamples: { 400: { missingClientIp: SPECIFIC_BAD_REQUESTS.missingClientIp } },
    sensitive: {
      requestHeaders: ['X-Client-IP'],
      requestBody: ['firstName', 'lastName', 'applicantEmail'],
      responseBody: ['applyUrl'],
    },
  },
  {
    operationId: 'manageProducts',
    method: 'post',
    path: `${PARTNER}/manage-products`,
    tag: 'Merchant',
    summary: 'Open the hosted product management UI',
    description: 'Returns the hosted "manage products" UI (`applyUrl`). `isEditFlow` is the string "true".',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId', 'XClientIp'],
    requestBody: {
      schema: ManageProductsRequest,
      examples: one('manage', 'Edit products', MANAGE_PRODUCTS_REQUEST),
    },
    success: {
      status: 200,
      description: 'Hosted product UI.',
      schema: HostedMerchantUiResponse,
      examples: one('applyUrl', 'Product UI link', MANAGE_PRODUCTS_RESPONSE),
    },
    errors: STANDARD_ERRORS,
    errorExamples: { 400: { missingClientIp: SPECIFIC_BAD_REQUESTS.missingClientIp } },
    sensitive: {
      requestHeaders: ['X-Client-IP'],
      requestBody: ['applicantEmail'],
      responseBody: ['applyUrl'],
    },
  },
  {
    operationId: 'getProducts',
    method: 'get',
    path: `${LOAN}/products`,
    tag: 'Merchant',
    summary: 'List the merchant’s loan products',
    description: 'Base and à-la-carte loan products for the MID in the `Identifier` header.',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId', 'Identifier', 'MccExtensionCode'],
    success: {
      status: 200,
      description: 'Products.',
      schema: ProductsResponse,
      examples: one('products', 'One base and one à-la-carte product', PRODUCTS_RESPONSE),
    },
    errors: PRODUCT_ERRORS,
  },
  {
    operationId: 'updateProducts',
    method: 'put',
    path: `${LOAN}/products`,
    tag: 'Merchant',
    summary: 'Add or remove loan products',
    description: 'Adds/removes products. Allowed once per 24 hours per merchant.',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId', 'MccExtensionCode'],
    requestBody: {
      schema: UpdateProductsRequest,
      examples: one('add', 'Add a 12-month 0% product', UPDATE_PRODUCTS_REQUEST),
    },
    success: {
      status: 200,
      description: 'Saved.',
      schema: UpdateProductsResponse,
      examples: one('saved', 'Changes saved', UPDATE_PRODUCTS_RESPONSE),
    },
    errors: PRODUCT_ERRORS,
    errorExamples: { 400: { productsTooSoon: SPECIFIC_BAD_REQUESTS.productsTooSoon } },
    replayBlocked:
      'Changes merchant state (pricing the merchant pays) and is limited to once per 24 hours: a replay ' +
      'would burn the daily change.',
    sensitive: { requestBody: ['performedBy', 'merchantEmail', 'merchantDBAName'] },
  },
  {
    operationId: 'unenrollMerchant',
    method: 'post',
    path: `${LOAN}/unenroll`,
    tag: 'Merchant',
    summary: 'Unenroll the merchant from Avvance',
    description:
      'Unenrolls the merchant (then an `AVVANCE_MERCHANT_ACTIVITY` MERCHANT_DEACTIVATION webhook). Note ' +
      'snake_case `unenrolled_by` and the lowercase `success` status.',
    source: 'confirmed',
    security: 'bearer',
    headers: ['CorrelationId', 'PartnerId'],
    requestBody: {
      schema: UnenrollRequest,
      examples: one('unenroll', 'Unenroll with feedback', UNENROLL_REQUEST),
    },
    success: {
      status: 200,
      description: 'Unenrolled.',
      schema: UnenrollResponse,
      examples: one('unenrolled', 'Unenrolled', UNENROLL_RESPONSE),
    },
    errors: STANDARD_ERRORS,
    errorExamples: { 400: { missingMerchantId: SPECIFIC_BAD_REQUESTS.missingMerchantId } },
    replayBlocked: 'Changes merchant state: a replayed unenroll switches off the merchant’s financing.',
    sensitive: { requestBody: ['feedback', 'customFeedback', 'unenrolled_by'] },
  },
];

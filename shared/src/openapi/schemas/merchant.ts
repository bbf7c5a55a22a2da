import Type, { type Static } from 'typebox';
import { MerchantId, StringEnum } from './common.ts';

/** `POST /poslp/services/partner/enroll-merchant` body. */
export const EnrollMerchantRequest = Type.Object({
  merchantId: MerchantId,
  firstName: Type.String({ minLength: 1, description: 'Merchant principal. PII.' }),
  lastName: Type.String({ minLength: 1, description: 'Merchant principal. PII.' }),
  applicantEmail: Type.String({ format: 'email' }),
});
export type EnrollMerchantRequest = Static<typeof EnrollMerchantRequest>;

/** `POST /poslp/services/partner/manage-products` body. Note `isEditFlow` is the string `"true"`. */
export const ManageProductsRequest = Type.Object({
  merchantId: MerchantId,
  applicantEmail: Type.String({ format: 'email' }),
  isEditFlow: Type.Optional(
    StringEnum(['true', 'false'] as const, { description: 'A string, not a boolean.' }),
  ),
});
export type ManageProductsRequest = Static<typeof ManageProductsRequest>;

/** Enroll / manage-products response: a hosted merchant UI to send the merchant to. */
export const HostedMerchantUiResponse = Type.Object({
  status: StringEnum(['SUCCESS', 'FAIL'] as const),
  applyUrl: Type.String({ format: 'uri', description: 'Hosted enrollment / product UI (capability URL).' }),
});
export type HostedMerchantUiResponse = Static<typeof HostedMerchantUiResponse>;

/** A loan product (`BaseLoanOptions`). The product id reads "POS loan, APR, 60 months". */
export const LoanProduct = Type.Object({
  productId: Type.String({ examples: ['poslapr060'] }),
  merchantDiscountPercentage: Type.Number({ minimum: 0, description: 'MDR the merchant pays, percent.' }),
  termCount: Type.Integer({ minimum: 1 }),
  termType: Type.String({ examples: ['Months'] }),
  productType: Type.String({ description: '`base` or à la carte.', examples: ['base', 'alacarte'] }),
  apr: Type.Boolean({ description: 'True when the consumer pays interest.' }),
  enrolled: Type.Boolean(),
  productName: Type.String(),
});
export type LoanProduct = Static<typeof LoanProduct>;

/** `GET /poslp/services/avvance-loan/v1/products` response. */
export const ProductsResponse = Type.Object({
  baseLoanOptions: Type.Array(LoanProduct),
  alacarteLoanOptions: Type.Array(LoanProduct),
});
export type ProductsResponse = Static<typeof ProductsResponse>;

/** One change of a `PUT /products` request. */
export const ProductChange = Type.Object({
  changeRequestType: StringEnum(['add', 'remove'] as const),
  description: Type.Optional(Type.String()),
  productCode: Type.String({ minLength: 1, examples: ['poslapr060'] }),
});
export type ProductChange = Static<typeof ProductChange>;

/** `PUT /poslp/services/avvance-loan/v1/products` body (allowed once per 24 h per merchant). */
export const UpdateProductsRequest = Type.Object({
  products: Type.Array(ProductChange, { minItems: 1 }),
  performedBy: Type.String({ description: 'Name of the person making the change. PII.' }),
  merchantEmail: Type.String({ format: 'email' }),
  merchantDBAName: Type.String(),
  merchantId: MerchantId,
});
export type UpdateProductsRequest = Static<typeof UpdateProductsRequest>;

/** `PUT /products` response. */
export const UpdateProductsResponse = Type.Object({
  status: StringEnum(['SUCCESS', 'FAIL'] as const),
  message: Type.String(),
});
export type UpdateProductsResponse = Static<typeof UpdateProductsResponse>;

/** `POST /unenroll` body. Note snake_case `unenrolled_by`, which packs a name and an email. */
export const UnenrollRequest = Type.Object({
  merchantId: MerchantId,
  feedback: Type.Optional(Type.String()),
  customFeedback: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  unenrolled_by: Type.String({ description: '"Name, email" in one string. PII.' }),
});
export type UnenrollRequest = Static<typeof UnenrollRequest>;

/** `POST /unenroll` response. Note lowercase `success`. */
export const UnenrollResponse = Type.Object({
  status: StringEnum(['success', 'failure'] as const, { description: 'Lowercase, unlike other endpoints.' }),
  successMessage: Type.Optional(Type.String()),
});
export type UnenrollResponse = Static<typeof UnenrollResponse>;

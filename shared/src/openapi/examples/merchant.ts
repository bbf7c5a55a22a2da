import type {
  EnrollMerchantRequest,
  HostedMerchantUiResponse,
  ManageProductsRequest,
  ProductsResponse,
  UnenrollRequest,
  UnenrollResponse,
  UpdateProductsRequest,
  UpdateProductsResponse,
} from '../schemas/merchant.ts';
import type {
  OffersResponse,
  PreApprovalCreateRequest,
  PreApprovalCreateResponse,
  PreApprovalLinkResponse,
  PreApprovalOffersRequest,
  PriceBreakdownRequest,
} from '../schemas/offers.ts';
import { SAMPLE_IDS } from './financing.ts';

/** Price-breakdown request. */
export const PRICE_BREAKDOWN_REQUEST: PriceBreakdownRequest = {
  merchantId: SAMPLE_IDS.merchantId,
  amount: 1240,
};

/** Offers for $1,240 (ZERO, PROMO and APR kinds). */
export const OFFERS_RESPONSE: OffersResponse = {
  offers: [
    {
      offerType: 'ZERO',
      paymentAmount: 103.33,
      apr: 0,
      termCount: 12,
      totalLoanWithInterest: 1240,
      firstPaymentDue: '06/09/2024',
    },
    {
      offerType: 'PROMO',
      paymentAmount: 62.42,
      apr: 19.99,
      termCount: 24,
      totalLoanWithInterest: 1498.08,
      promotionApr: 0,
      promotionTermInMonths: 6,
      promotionPaymentAmount: 206.67,
      firstPaymentDue: '06/09/2024',
    },
    {
      offerType: 'APR',
      paymentAmount: 38.86,
      apr: 7.99,
      termCount: 36,
      totalLoanWithInterest: 1398.96,
      firstPaymentDue: '06/09/2024',
    },
  ],
};

/** Pre-approval create, newer body. */
export const PRE_APPROVAL_CREATE_REQUEST: PreApprovalCreateRequest = { merchantID: SAMPLE_IDS.merchantId };
/** Pre-approval create, older body (hashed MID from the pre-approval link). */
export const PRE_APPROVAL_CREATE_REQUEST_HASHED: PreApprovalCreateRequest = { hashedMID: 'a1b2c3d4e5f60718' };

/** Pre-approval create response. */
export const PRE_APPROVAL_CREATE_RESPONSE: PreApprovalCreateResponse = {
  preApprovalOnboardingURL: `http://127.0.0.1:8787/usl/avvance-preapproval?id=${SAMPLE_IDS.preApprovalRequestID}`,
  preApprovalRequestID: SAMPLE_IDS.preApprovalRequestID,
};

/** preapproval-offers request. */
export const PRE_APPROVAL_OFFERS_REQUEST: PreApprovalOffersRequest = {
  shoppingCartId: SAMPLE_IDS.preApprovalRequestID,
  merchantId: SAMPLE_IDS.merchantId,
  intendedSpendingAmount: 1240.0,
};

/** Pre-approval link response. */
export const PRE_APPROVAL_LINK_RESPONSE: PreApprovalLinkResponse = {
  preApprovalLink: 'https://it1.avvance.com/flexible-financing.html?id=a1b2c3d4e5f60718',
};

/** enroll-merchant request. */
export const ENROLL_REQUEST: EnrollMerchantRequest = {
  merchantId: '8025491732',
  firstName: 'John',
  lastName: 'Doe',
  applicantEmail: 'john.doe@example.com',
};

/** enroll-merchant response. */
export const ENROLL_RESPONSE: HostedMerchantUiResponse = {
  status: 'SUCCESS',
  applyUrl: 'https://it01-onboarding.elavon.com/merchantenrollUI',
};

/** manage-products request. */
export const MANAGE_PRODUCTS_REQUEST: ManageProductsRequest = {
  merchantId: '8025491732',
  applicantEmail: 'john.doe@example.com',
  isEditFlow: 'true',
};

/** manage-products response. */
export const MANAGE_PRODUCTS_RESPONSE: HostedMerchantUiResponse = {
  status: 'SUCCESS',
  applyUrl: 'https://it01-onboarding.elavon.com/modifyproductUI',
};

/** GET products response. */
export const PRODUCTS_RESPONSE: ProductsResponse = {
  baseLoanOptions: [
    {
      productId: 'poslapr060',
      merchantDiscountPercentage: 5.1,
      termCount: 60,
      termType: 'Months',
      productType: 'base',
      apr: true,
      enrolled: true,
      productName: 'BASE 5% Term 60 Months',
    },
  ],
  alacarteLoanOptions: [
    {
      productId: 'poslzero12',
      merchantDiscountPercentage: 7.5,
      termCount: 12,
      termType: 'Months',
      productType: 'alacarte',
      apr: false,
      enrolled: false,
      productName: '0% APR Term 12 Months',
    },
  ],
};

/** PUT products request. */
export const UPDATE_PRODUCTS_REQUEST: UpdateProductsRequest = {
  products: [{ changeRequestType: 'add', description: '0% APR Term 12 Months', productCode: 'poslzero12' }],
  performedBy: 'John Doe',
  merchantEmail: 'john.doe@example.com',
  merchantDBAName: 'Acme Inc',
  merchantId: '8025491732',
};

/** PUT products response. */
export const UPDATE_PRODUCTS_RESPONSE: UpdateProductsResponse = {
  status: 'SUCCESS',
  message: 'Your changes have been saved.',
};

/** Unenroll request. */
export const UNENROLL_REQUEST: UnenrollRequest = {
  merchantId: '8025370860',
  feedback: 'It is too difficult to use',
  customFeedback: null,
  unenrolled_by: 'John Doe, john.doe@example.com',
};

/** Unenroll response. */
export const UNENROLL_RESPONSE: UnenrollResponse = {
  status: 'success',
  successMessage: 'successfully unenrolled from avvance',
};

import type { LoanProduct } from '../../../shared/src/openapi/index.ts';

/** The sandbox's loan product catalogue (`productId` reads "POS loan, APR/0 %, term"). */
export const PRODUCT_CATALOGUE: readonly Omit<LoanProduct, 'enrolled'>[] = [
  {
    productId: 'poslapr024',
    merchantDiscountPercentage: 3.9,
    termCount: 24,
    termType: 'Months',
    productType: 'base',
    apr: true,
    productName: 'BASE 3.9% Term 24 Months',
  },
  {
    productId: 'poslapr036',
    merchantDiscountPercentage: 4.5,
    termCount: 36,
    termType: 'Months',
    productType: 'base',
    apr: true,
    productName: 'BASE 4.5% Term 36 Months',
  },
  {
    productId: 'poslapr060',
    merchantDiscountPercentage: 5.1,
    termCount: 60,
    termType: 'Months',
    productType: 'base',
    apr: true,
    productName: 'BASE 5% Term 60 Months',
  },
  {
    productId: 'posl0pr006',
    merchantDiscountPercentage: 4.9,
    termCount: 6,
    termType: 'Months',
    productType: 'alacarte',
    apr: false,
    productName: '0% APR Term 6 Months',
  },
  {
    productId: 'posl0pr012',
    merchantDiscountPercentage: 7.5,
    termCount: 12,
    termType: 'Months',
    productType: 'alacarte',
    apr: false,
    productName: '0% APR Term 12 Months',
  },
];

/** Products enrolled for a new merchant. */
export const DEFAULT_ENROLLED_PRODUCTS: readonly string[] = [
  'poslapr024',
  'poslapr036',
  'poslapr060',
  'posl0pr012',
];

/** The products response for a merchant's enrolled set. */
export function productsFor(enrolled: ReadonlySet<string>): {
  baseLoanOptions: LoanProduct[];
  alacarteLoanOptions: LoanProduct[];
} {
  const rows = PRODUCT_CATALOGUE.map((p) => ({ ...p, enrolled: enrolled.has(p.productId) }));
  return {
    baseLoanOptions: rows.filter((p) => p.productType === 'base'),
    alacarteLoanOptions: rows.filter((p) => p.productType !== 'base'),
  };
}

import type { Offer } from '../../../shared/src/openapi/index.ts';

/** Smallest and largest financeable amounts, USD (Avvance's $300–$25,000 rule). */
export const MIN_FINANCED_AMOUNT = 300;
export const MAX_FINANCED_AMOUNT = 25_000;

/** The sandbox's offer grid: term (months), kind and APR (percent). */
export const OFFER_GRID: readonly {
  termCount: number;
  offerType: Offer['offerType'];
  apr: number;
  promotionTermInMonths?: number;
}[] = [
  { termCount: 6, offerType: 'ZERO', apr: 0 },
  { termCount: 12, offerType: 'ZERO', apr: 0 },
  { termCount: 18, offerType: 'PROMO', apr: 19.99, promotionTermInMonths: 6 },
  { termCount: 24, offerType: 'APR', apr: 9.99 },
  { termCount: 36, offerType: 'APR', apr: 14.99 },
  { termCount: 48, offerType: 'APR', apr: 19.99 },
  { termCount: 60, offerType: 'APR', apr: 24.99 },
];

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Monthly payment of `amount` over `months` at `aprPercent` (standard amortisation). */
export function monthlyPayment(amount: number, aprPercent: number, months: number): number {
  const r = aprPercent / 100 / 12;
  if (r === 0) return round2(amount / months);
  return round2((amount * r) / (1 - (1 + r) ** -months));
}

/** `MM/dd/yyyy` (UTC), the format of `firstPaymentDue`. */
export function formatUsDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
}

/** True when `amount` may be financed ($300–$25,000). */
export function isFinanceable(amount: number): boolean {
  return Number.isFinite(amount) && amount >= MIN_FINANCED_AMOUNT && amount <= MAX_FINANCED_AMOUNT;
}

/**
 * Offers for `amount`, ordered by term: ZERO (0 % APR, 6 and 12 months), PROMO (0 % for 6 months, then
 * 19.99 % — `promotionPaymentAmount` pays it off inside the promotion) and APR (9.99–24.99 %).
 * Terms whose payment would fall under $25/month are left out. `firstPaymentDue` is 30 days after `now`.
 */
export function buildOffers(amount: number, now: number, maxTerm = 60): Offer[] {
  const firstPaymentDue = formatUsDate(now + 30 * 24 * 3_600_000);
  const offers: Offer[] = [];
  for (const row of OFFER_GRID) {
    if (row.termCount > maxTerm) continue;
    const paymentAmount = monthlyPayment(amount, row.apr, row.termCount);
    if (paymentAmount < 25 && row.termCount > 6) continue;
    const offer: Offer = {
      offerType: row.offerType,
      paymentAmount,
      apr: row.apr,
      termCount: row.termCount,
      totalLoanWithInterest: round2(paymentAmount * row.termCount),
      firstPaymentDue,
    };
    if (row.promotionTermInMonths) {
      offer.promotionApr = 0;
      offer.promotionTermInMonths = row.promotionTermInMonths;
      offer.promotionPaymentAmount = round2(amount / row.promotionTermInMonths);
    }
    offers.push(offer);
  }
  return offers;
}

import type { CartLine } from './orders.ts';

/** The checkout form's consumer prefill, validated. */
export interface CheckoutConsumer {
  firstName: string;
  lastName: string;
  email: string;
  mobilePhone: string;
  billingAddress: {
    street1: string;
    street2?: string;
    city: string;
    state: string;
    postalCode: string;
  };
}

/** A validation failure with one message per field, for the form. */
export class FormError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(Object.values(fields).join(' '));
    this.name = 'FormError';
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** Validates `{ lines: [{ sku, quantity }] }` shape (prices are looked up on the server). */
export function parseLines(body: unknown): CartLine[] {
  const raw = (body as { lines?: unknown } | undefined)?.lines;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 20) {
    throw new FormError({ cart: 'The cart is empty.' });
  }
  return raw.map((l: unknown) => {
    const line = (l ?? {}) as { sku?: unknown; quantity?: unknown };
    return { sku: str(line.sku), quantity: Number(line.quantity) };
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Validates the checkout form's consumer fields; normalises the phone to ten digits. */
export function parseConsumer(body: unknown): CheckoutConsumer {
  const c = ((body as { consumer?: unknown } | undefined)?.consumer ?? {}) as Record<string, unknown>;
  const a = (c.billingAddress ?? {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const firstName = str(c.firstName);
  const lastName = str(c.lastName);
  const email = str(c.email);
  const phoneDigits = str(c.mobilePhone)
    .replace(/\D/g, '')
    .replace(/^1(?=\d{10}$)/, '');
  const street1 = str(a.street1);
  const street2 = str(a.street2);
  const city = str(a.city);
  const state = str(a.state).toUpperCase();
  const postalCode = str(a.postalCode);
  if (!firstName || firstName.length > 50) fields.firstName = 'Enter your first name.';
  if (!lastName || lastName.length > 50) fields.lastName = 'Enter your last name.';
  if (!EMAIL.test(email)) fields.email = 'Enter a valid email address.';
  if (phoneDigits.length !== 10) fields.mobilePhone = 'Enter a 10-digit US mobile number.';
  if (!street1 || street1.length > 100) fields.street1 = 'Enter your street address.';
  if (!city || city.length > 50) fields.city = 'Enter your city.';
  if (!/^[A-Z]{2}$/.test(state)) fields.state = 'Use the two-letter state code.';
  if (!/^\d{5}(-?\d{4})?$/.test(postalCode)) fields.postalCode = 'Enter a 5-digit ZIP code.';
  if (Object.keys(fields).length > 0) throw new FormError(fields);
  return {
    firstName,
    lastName,
    email,
    mobilePhone: phoneDigits,
    billingAddress: {
      street1,
      ...(street2 ? { street2 } : {}),
      city,
      state,
      postalCode,
    },
  };
}

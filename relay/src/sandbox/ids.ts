import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A random v4 UUID (applicationGUID, preApprovalRequestID, void/refund transaction ids, Session-IDs). */
export const uuid = (): string => randomUUID();

/** 10 upper-case alphanumerics, like `56F478UI89` (authorization `paymentTransactionId`). */
export const paymentTransactionId = (): string => randomFrom(ALNUM, 10);

/** 6 upper-case alphanumerics, like `6NBE61`. */
export const approvalCode = (): string => randomFrom(ALNUM, 6);

/** 8 digits, like `93979628` (pre-approval `leadid`). */
export const leadId = (): string => String(randomInt(10_000_000, 100_000_000));

/** 8-digit numeric terminal id. */
export const terminalId = (): number => randomInt(10_000_000, 100_000_000);

/** A 16-digit loan account number masked to its last four (`XXXXXXXXXXXX1234`). */
export const maskedLoanAccount = (): string => `XXXXXXXXXXXX${String(randomInt(0, 10_000)).padStart(4, '0')}`;

/** An opaque random string (base64url). */
export const opaque = (bytes = 24): string => randomBytes(bytes).toString('base64url');

const NAMESPACE = Buffer.from('6f1c3c2e8b6a4d1e9f0a2b3c4d5e6f70', 'hex');

/**
 * A name-based (v5) UUID: the same name always gives the same id. Webhook `Correlation-ID`s are derived
 * from `applicationGUID + status` so that a partner can deduplicate redeliveries.
 */
export function stableUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `id` of a merchant's pre-approval link: 16 hex characters derived from partner and MID. */
export function hashedMerchantId(partnerId: string, merchantId: string): string {
  return createHash('sha256').update(`${partnerId}:${merchantId}`).digest('hex').slice(0, 16);
}

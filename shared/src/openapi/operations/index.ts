import { FINANCING_OPERATIONS } from './financing.ts';
import { MERCHANT_OPERATIONS } from './merchant.ts';
import { OFFER_OPERATIONS } from './offers.ts';
import { SANDBOX_ADMIN_OPERATIONS } from './sandbox-admin.ts';
import { SANDBOX_CONSUMER_OPERATIONS } from './sandbox-consumer.ts';
import type { OperationSpec } from './spec.ts';

/** Every operation: the 16 partner endpoints (17 operations, link has GET and POST), then the sandbox. */
export const OPERATION_SPECS: readonly OperationSpec[] = [
  ...FINANCING_OPERATIONS,
  ...OFFER_OPERATIONS,
  ...MERCHANT_OPERATIONS,
  ...SANDBOX_CONSUMER_OPERATIONS,
  ...SANDBOX_ADMIN_OPERATIONS,
];

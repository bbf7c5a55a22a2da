import type { TSchema } from 'typebox';
import type { Examples } from '../examples/types.ts';
import {
  LEAD_NOT_APPROVED,
  LEAD_PRE_APPROVED,
  LEAD_QUALIFIED,
  LOAN_STATUS_AUTHORIZED,
  LOAN_STATUS_DENIED,
  LOAN_STATUS_STARTED,
  MERCHANT_ACTIVATED,
  MERCHANT_DEACTIVATED,
} from '../examples/webhooks.ts';
import {
  LoanStatusEvent,
  MerchantActivityEvent,
  PreApprovalLeadsEvent,
  type WebhookEventName,
} from '../schemas/webhooks.ts';
import type { AvvanceSource } from '../types.ts';
import type { SensitiveFields } from './spec.ts';

/** Compact description of one outbound webhook (Avvance → partner). */
export interface WebhookSpec {
  /** Key under the document's top-level `webhooks`. */
  readonly name: 'loanStatus' | 'merchantActivity' | 'preApprovalLeads';
  readonly operationId: string;
  readonly eventName: WebhookEventName;
  readonly summary: string;
  readonly description: string;
  readonly source: AvvanceSource;
  readonly schema: TSchema;
  readonly examples: Examples;
  readonly sensitive?: SensitiveFields;
}

/** The three webhooks. */
export const WEBHOOK_SPECS: readonly WebhookSpec[] = [
  {
    name: 'loanStatus',
    operationId: 'loanStatusWebhook',
    eventName: 'LOAN_STATUS_DETAILS',
    summary: 'Application / loan status changed',
    description:
      'Posted on every status change of an application. The same status may arrive more than once: ' +
      'deduplicate by applicationGUID + status. `GET notification-status` returns the last one.',
    source: 'confirmed',
    schema: LoanStatusEvent,
    examples: {
      started: { summary: 'Consumer opened the link', value: LOAN_STATUS_STARTED },
      authorized: { summary: 'Purchase authorized', value: LOAN_STATUS_AUTHORIZED },
      denied: { summary: 'Declined', value: LOAN_STATUS_DENIED },
    },
    sensitive: { requestBody: ['eventDetails.loanSummary.*'] },
  },
  {
    name: 'merchantActivity',
    operationId: 'merchantActivityWebhook',
    eventName: 'AVVANCE_MERCHANT_ACTIVITY',
    summary: 'Merchant activated or deactivated',
    description: 'MERCHANT_ACTIVATION after hosted enrollment; MERCHANT_DEACTIVATION after unenroll.',
    source: 'confirmed',
    schema: MerchantActivityEvent,
    examples: {
      activated: { summary: 'Activated', value: MERCHANT_ACTIVATED },
      deactivated: { summary: 'Deactivated', value: MERCHANT_DEACTIVATED },
    },
  },
  {
    name: 'preApprovalLeads',
    operationId: 'preApprovalLeadsWebhook',
    eventName: 'PRE_APPROVAL_LEADS',
    summary: 'Pre-approval lead decided',
    description:
      'Result of a consumer pre-approval. Leads expire after 15 days (`leadExpiryDate`). Client code ' +
      'routes a webhook here when `eventDetails.preApprovalRequestId` or `eventDetails.leadstatus` exists.',
    source: 'confirmed',
    schema: PreApprovalLeadsEvent,
    examples: {
      specExample: { summary: 'As in the spec ("Qualified lead")', value: LEAD_QUALIFIED },
      preApproved: { summary: 'PRE_APPROVED with maxPreApprovedAmount', value: LEAD_PRE_APPROVED },
      notApproved: { summary: 'NOT_APPROVED', value: LEAD_NOT_APPROVED },
    },
    sensitive: {
      requestBody: [
        'eventDetails.customerName',
        'eventDetails.customerEmail',
        'eventDetails.customerPhone',
        'eventDetails.customerCity',
        'eventDetails.customerState',
        'eventDetails.merchantEmail',
        'eventDetails.metadata[].value',
      ],
    },
  },
];

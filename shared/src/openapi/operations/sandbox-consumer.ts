import Type from 'typebox';
import { SPECIFIC_BAD_REQUESTS } from '../examples/errors.ts';
import { SAMPLE_IDS } from '../examples/financing.ts';
import {
  APPLICATION_APPROVED,
  APPLICATION_AUTHORIZED,
  APPLICATION_EXPIRED,
  APPLICATION_PARTIAL,
  FORCE_EXPIRED,
  HOSTED_PAGE_HTML,
  HOSTED_SUBMIT,
  HOSTED_SUBMIT_PARTIAL,
  PRE_APPROVAL_RESULT,
  PRE_APPROVAL_SUBMIT,
} from '../examples/sandbox.ts';
import { ApplicationGuid } from '../schemas/common.ts';
import {
  AcceptApplicationRequest,
  ForceEventRequest,
  HostedApplicationSubmit,
  PreApprovalResult,
  PreApprovalSubmitRequest,
  SandboxApplication,
} from '../schemas/sandbox.ts';
import { type OperationSpec, one, type ParamSpec } from './spec.ts';

const SBX = '/sandbox/v1';
const ERRORS = [400, 404, 500] as const;
const CORRELATION = [{ param: 'CorrelationId', required: false }] as const;

const applicationGuid: ParamSpec = {
  name: 'applicationGUID',
  in: 'path',
  description: 'Application id returned by create.',
  schema: ApplicationGuid,
  required: true,
  example: SAMPLE_IDS.applicationGUID,
};

const htmlError = (summary: string, text: string) => ({
  description: summary,
  schema: Type.String(),
  contentType: 'text/html',
  examples: one('page', summary, `<!doctype html><html><body><h1>${text}</h1></body></html>`),
});

const APPLICANT_PII = [
  'applicant.*',
  'applicant.residentialAddress.*',
  'applicant.identityDocument.*',
  'applicant.coApplicant.*',
  'consents.ipAddress',
  'consents.userAgent',
  'consents.deviceFingerprint',
  'repayment.bankAccount.*',
  'debitCardForFirstPayment.*',
];

/** Sandbox control plane, consumer side (S1–S4, S8): what the hosted pages would do. */
export const SANDBOX_CONSUMER_OPERATIONS: readonly OperationSpec[] = [
  {
    operationId: 'sandboxGetHostedApplication',
    method: 'get',
    path: '/usl/avvance-installment-loans',
    tag: 'Sandbox',
    summary: 'Simulated hosted consumer application page',
    description:
      'What `consumerOnboardingURL` points to in the sandbox: an HTML page where the consumer enters SSN, ' +
      'date of birth and income. Opening it emits APPLICATION_STARTED.',
    source: 'proposed',
    security: 'none',
    headers: [],
    params: [
      {
        name: 'guid',
        in: 'query',
        description: 'The applicationGUID.',
        schema: ApplicationGuid,
        required: true,
        example: SAMPLE_IDS.applicationGUID,
      },
    ],
    success: {
      status: 200,
      description: 'The application page.',
      schema: Type.String(),
      contentType: 'text/html',
      examples: one('page', 'Hosted application page', HOSTED_PAGE_HTML),
    },
    errors: [400, 404],
    errorResponses: {
      400: htmlError('Missing guid', 'Missing application id'),
      404: htmlError('Unknown or expired application', 'This application link has expired'),
    },
    servers: 'sandbox',
  },
  {
    operationId: 'sandboxSubmitApplication',
    method: 'post',
    path: `${SBX}/applications/{applicationGUID}/submit`,
    tag: 'Sandbox',
    summary: 'Submit the consumer application (decisioning)',
    description:
      'Posts the full application as the hosted page would. With mobilePhone 9009009000 the SSN last four ' +
      'decide: 0000 approve, 1111 pending customer action, 2222 partial (50 %), 3333 deny, 9999 system ' +
      'error; annual income below 12,000 denies; any other phone declines.',
    source: 'proposed',
    security: 'none',
    headers: CORRELATION,
    params: [applicationGuid],
    requestBody: {
      schema: HostedApplicationSubmit,
      examples: {
        approve: { summary: 'SSN …0000 → approved', value: HOSTED_SUBMIT },
        partial: { summary: 'SSN …2222 → partial approval', value: HOSTED_SUBMIT_PARTIAL },
      },
    },
    success: {
      status: 200,
      description: 'Decision (and the webhook it triggered).',
      schema: SandboxApplication,
      examples: {
        approved: { summary: 'Approved with offers', value: APPLICATION_APPROVED },
        partial: { summary: 'Partially approved', value: APPLICATION_PARTIAL },
      },
    },
    errors: ERRORS,
    sensitive: { requestBody: APPLICANT_PII },
    servers: 'sandbox',
  },
  {
    operationId: 'sandboxAcceptApplication',
    method: 'post',
    path: `${SBX}/applications/{applicationGUID}/accept`,
    tag: 'Sandbox',
    summary: 'Accept the offer and e-sign (authorize)',
    description:
      'Moves an approved application to INVOICE_PAYMENT_TRANSACTION_AUTHORIZED (transaction AUTHORIZED).',
    source: 'proposed',
    security: 'none',
    headers: CORRELATION,
    params: [applicationGuid],
    requestBody: {
      required: false,
      schema: AcceptApplicationRequest,
      examples: one('accept', 'Pick the 12-month 0% offer', {
        selectedOffer: { termCount: 12, apr: 0, offerType: 'ZERO' },
        eSignConsent: true,
      }),
    },
    success: {
      status: 200,
      description: 'Authorized.',
      schema: SandboxApplication,
      examples: one('authorized', 'Authorized', APPLICATION_AUTHORIZED),
    },
    errors: ERRORS,
    sensitive: { responseBody: ['loanSummary.*'] },
    servers: 'sandbox',
  },
  {
    operationId: 'sandboxForceApplicationEvent',
    method: 'post',
    path: `${SBX}/applications/{applicationGUID}/events`,
    tag: 'Sandbox',
    summary: 'Force an application status',
    description: 'Sets any status (e.g. APPLICATION_LINK_EXPIRED) and emits the matching webhook.',
    source: 'proposed',
    security: 'none',
    headers: CORRELATION,
    params: [applicationGuid],
    requestBody: { schema: ForceEventRequest, examples: one('expire', 'Expire the link', FORCE_EXPIRED) },
    success: {
      status: 200,
      description: 'New state.',
      schema: SandboxApplication,
      examples: one('expired', 'Link expired', APPLICATION_EXPIRED),
    },
    errors: ERRORS,
    errorExamples: { 400: { unknownStatus: SPECIFIC_BAD_REQUESTS.unknownStatus } },
    servers: 'sandbox',
  },
  {
    operationId: 'sandboxSubmitPreApproval',
    method: 'post',
    path: `${SBX}/preapprovals/{preApprovalRequestID}/submit`,
    tag: 'Sandbox',
    summary: 'Complete the hosted pre-approval form',
    description:
      'Decides the lead (PRE_APPROVED / NOT_APPROVED, same magic values) and posts PRE_APPROVAL_LEADS.',
    source: 'proposed',
    security: 'none',
    headers: CORRELATION,
    params: [
      {
        name: 'preApprovalRequestID',
        in: 'path',
        description: 'Id returned by pre-approval create.',
        schema: Type.String({ minLength: 1 }),
        required: true,
        example: SAMPLE_IDS.preApprovalRequestID,
      },
    ],
    requestBody: {
      schema: PreApprovalSubmitRequest,
      examples: one('submit', 'Qualifying consumer', PRE_APPROVAL_SUBMIT),
    },
    success: {
      status: 200,
      description: 'Lead decision.',
      schema: PreApprovalResult,
      examples: one('preApproved', 'Pre-approved up to $5,000', PRE_APPROVAL_RESULT),
    },
    errors: ERRORS,
    sensitive: { requestBody: ['customer.*'] },
    servers: 'sandbox',
  },
];

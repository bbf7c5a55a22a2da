import type { HostedApplicationSubmit, LoanApplicationStatus } from '../../../shared/src/openapi/index.ts';

/** The only approvable mobile phone in Avvance UAT; every other number declines. */
export const APPROVABLE_PHONE = '9009009000';

/** Annual income under which every application is denied, USD. */
export const MIN_ANNUAL_INCOME = 12_000;

/** Outcome of each SSN last four (with the approvable phone and enough income). Other endings approve. */
export const SSN_PERSONAS: Readonly<Record<string, LoanApplicationStatus>> = {
  '0000': 'APPLICATION_APPROVED',
  '1111': 'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION',
  '2222': 'APPLICATION_PARTIALLY_APPROVED',
  '3333': 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
  '9999': 'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT',
};

/** Share of the invoice approved on a partial approval. */
export const PARTIAL_APPROVAL_SHARE = 0.5;

/** A decision: the new status, the approved amount when approved, and why (for docs and tests). */
export interface Decision {
  status: LoanApplicationStatus;
  approvedAmount?: number;
  reason: 'phone' | 'income' | 'ssn' | 'default';
}

/** Annual income declared on the application (monthly figures ×12, other income included). */
export function annualIncomeOf(applicant: HostedApplicationSubmit['applicant']): number {
  const base = applicant.incomeFrequency === 'MONTHLY' ? applicant.annualIncome * 12 : applicant.annualIncome;
  return base + (applicant.otherIncome ?? 0);
}

/**
 * Decides an application the way the sandbox's magic values say (docs/sandbox.md § Personas):
 * non-approvable phone → denied; SSN …9999 → system error; income < 12,000 → denied; then the SSN persona.
 */
export function decide(submit: HostedApplicationSubmit, invoiceAmount: number): Decision {
  const { applicant } = submit;
  if (applicant.mobilePhone !== APPROVABLE_PHONE)
    return { status: 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT', reason: 'phone' };
  const last4 = applicant.ssn.replace(/\D/g, '').slice(-4);
  if (SSN_PERSONAS[last4] === 'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT')
    return { status: 'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT', reason: 'ssn' };
  if (annualIncomeOf(applicant) < MIN_ANNUAL_INCOME)
    return { status: 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT', reason: 'income' };
  const status = SSN_PERSONAS[last4];
  if (status === undefined)
    return { status: 'APPLICATION_APPROVED', approvedAmount: invoiceAmount, reason: 'default' };
  if (status === 'APPLICATION_APPROVED') return { status, approvedAmount: invoiceAmount, reason: 'ssn' };
  if (status === 'APPLICATION_PARTIALLY_APPROVED') {
    const approvedAmount = Math.floor(invoiceAmount * PARTIAL_APPROVAL_SHARE * 100) / 100;
    return { status, approvedAmount, reason: 'ssn' };
  }
  return { status, reason: 'ssn' };
}

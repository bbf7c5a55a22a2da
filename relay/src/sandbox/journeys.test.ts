import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSandbox, MID, type TestSandbox } from './__tests__/helpers.ts';

const LOAN = '/poslp/services/avvance-loan/v1';
const HOUR = 3_600_000;
let sb: TestSandbox;
beforeEach(async () => {
  sb = await buildSandbox();
});
afterEach(async () => {
  await sb.close();
});

const loanStatus = (sessionId: string) =>
  sb.call('GET', `${LOAN}/loan-status`, { headers: { 'partnersession-id': sessionId } });
const settle = () => sb.app.inject({ method: 'POST', url: '/sandbox/v1/settlement/run' });
const refund = (sessionId: string, refundAmount: number) =>
  sb.call('POST', `${LOAN}/refund`, { body: { merchantId: MID, partnerSessionId: sessionId, refundAmount } });
const voidTxn = (sessionId: string) =>
  sb.call('POST', `${LOAN}/void`, { body: { merchantId: MID, partnerSessionId: sessionId } });
const status = (guid: string) => sb.core.store.findApplication(guid)!.state;

describe('financing journeys', () => {
  it('approve → accept → authorized → settled → partial refund → full refund', async () => {
    const { guid, sessionId, url } = await sb.create();
    expect(url).toBe(`http://127.0.0.1:8787/usl/avvance-installment-loans?guid=${guid}`);
    expect((await loanStatus(sessionId)).json()).toMatchObject({
      error: { code: '400.44010.4130', message: 'Loan yet to be authorized' },
    });
    const page = await sb.app.inject({ method: 'GET', url: url.replace('http://127.0.0.1:8787', '') });
    expect(page.statusCode).toBe(200);
    expect(status(guid)).toBe('APPLICATION_STARTED');
    const decided = await sb.submit(guid);
    expect(decided.json()).toMatchObject({ status: 'APPLICATION_APPROVED', approvedAmount: 1240 });
    expect(decided.json().offers.length).toBeGreaterThan(2);
    const accepted = await sb.app.inject({
      method: 'POST',
      url: `/sandbox/v1/applications/${guid}/accept`,
      payload: { selectedOffer: { termCount: 24, apr: 9.99, offerType: 'APR' } },
    });
    expect(accepted.json()).toMatchObject({
      status: 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
      transactionStatus: 'AUTHORIZED',
      loanSummary: { term: 24, apr: 9.99 },
    });
    expect(accepted.json().loanSummary.accountNumber).toMatch(/^X{12}\d{4}$/);
    expect((await loanStatus(sessionId)).json()).toEqual({ loanStatus: 'AUTHORIZED' });
    expect((await refund(sessionId, 10)).json().error.message).toBe(
      'Transaction not settled. Please use Void',
    );

    const run = (await settle()).json();
    expect(run.transitions).toContainEqual({
      partnerSessionId: sessionId,
      applicationGUID: guid,
      from: 'AUTHORIZED',
      to: 'SETTLED',
    });
    expect(status(guid)).toBe('INVOICE_PAYMENT_TRANSACTION_SETTLED');
    expect((await loanStatus(sessionId)).json()).toEqual({ loanStatus: 'SETTLED' });
    expect((await voidTxn(sessionId)).json().error).toMatchObject({
      code: '400.44010.4111',
      message: 'Transaction already settled. Please use Refund',
    });

    expect((await refund(sessionId, 240)).statusCode).toBe(201);
    expect((await loanStatus(sessionId)).json()).toEqual({ loanStatus: 'REFUND_IN_PROGRESS' });
    expect((await refund(sessionId, 1000.01)).json().error.message).toBe(
      'Refund amount exceeds available amount',
    );
    expect((await settle()).json().transitions[0]).toMatchObject({
      from: 'REFUND_IN_PROGRESS',
      to: 'SETTLED',
    });
    expect((await loanStatus(sessionId)).json()).toEqual({ loanStatus: 'SETTLED' });
    expect((await refund(sessionId, 1000)).statusCode).toBe(201);
    // A refund still in progress can be voided, then refunded again.
    expect((await voidTxn(sessionId)).statusCode).toBe(201);
    expect((await loanStatus(sessionId)).json()).toEqual({ loanStatus: 'SETTLED' });
    expect((await refund(sessionId, 1000)).statusCode).toBe(201);
    await settle();
    expect((await loanStatus(sessionId)).json()).toEqual({ loanStatus: 'REFUNDED' });
    expect((await refund(sessionId, 1)).json().error.message).toBe('Refund amount exceeds available amount');

    const report = await sb.call('GET', `${LOAN}/transactions`, { headers: { merchantid: MID } });
    const rows = report.json().transactions.merchantInvoices;
    expect(rows.map((r: { txnType: string; txnStatus: string }) => `${r.txnType}:${r.txnStatus}`)).toEqual([
      'FULL:REFUNDED',
      'PARTIAL_REFUND:SETTLED',
      'PARTIAL_REFUND:VOIDED',
      'PARTIAL_REFUND:SETTLED',
    ]);
    expect(rows[0]).toMatchObject({ consumerFirstName: 'Joe', txnAmount: 1240, totalRefundedAmount: 1240 });
  });

  it('void before settlement; void twice is refused; refund after void refused', async () => {
    const { sessionId } = await sb.authorized();
    const voided = await voidTxn(sessionId);
    expect(voided.statusCode).toBe(201);
    expect(voided.json()).toMatchObject({ isTransactionComplete: true, partnerSessionId: sessionId });
    expect((await loanStatus(sessionId)).json()).toEqual({ loanStatus: 'VOIDED' });
    expect((await voidTxn(sessionId)).json().error.code).toBe('400.44010.4131');
    expect((await refund(sessionId, 5)).json().error.code).toBe('400.44010.4131');
    expect((await settle()).json().count).toBe(0);
  });

  it('void / refund before authorization answer "Loan yet to be authorized"', async () => {
    const { sessionId } = await sb.create();
    expect((await voidTxn(sessionId)).json().error.code).toBe('400.44010.4130');
    expect((await refund(sessionId, 5)).json().error.code).toBe('400.44010.4130');
  });

  it('refuses invoices outside $300–$25,000 and accepts the bounds', async () => {
    for (const invoiceAmount of ['299.99', 25000.01, '0.5']) {
      const res = await sb.call('POST', `${LOAN}/create`, {
        body: { partnerSessionId: randomUUID(), merchantId: MID, invoiceAmount },
      });
      expect(res.json().error, String(invoiceAmount)).toMatchObject({
        code: '400.44010.4111',
        message: 'Invoice amount must be between $300 and $25000',
        details: [{ attributeName: 'invoiceAmount' }],
      });
    }
    for (const invoiceAmount of ['300', 25000]) {
      const res = await sb.call('POST', `${LOAN}/create`, {
        body: { partnerSessionId: randomUUID(), merchantId: MID, invoiceAmount },
      });
      expect(res.statusCode).toBe(201);
    }
  });

  it('refuses a duplicate partnerSessionId and an unknown merchant', async () => {
    const { sessionId } = await sb.create();
    const dup = await sb.call('POST', `${LOAN}/create`, {
      body: { partnerSessionId: sessionId, merchantId: MID, invoiceAmount: '500' },
    });
    expect(dup.json().error.code).toBe('400.44010.4121');
    const bad = await sb.call('POST', `${LOAN}/create`, {
      body: { partnerSessionId: randomUUID(), merchantId: '435523232399', invoiceAmount: '500' },
    });
    expect(bad.json().error).toMatchObject({
      code: '400.44010.4120',
      details: [{ attributeName: 'merchantId' }],
    });
  });

  it.each([
    ['666-12-0000', {}, 'APPLICATION_APPROVED'],
    ['666-12-1111', {}, 'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION'],
    ['666-12-2222', {}, 'APPLICATION_PARTIALLY_APPROVED'],
    ['666-12-3333', {}, 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT'],
    ['666-12-9999', {}, 'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT'],
    ['666-12-4567', {}, 'APPLICATION_APPROVED'],
    ['666-12-0000', { mobilePhone: '6125550142' }, 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT'],
    ['666-12-0000', { annualIncome: 11999, otherIncome: 0 }, 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT'],
    [
      '666-12-0000',
      { annualIncome: 999, incomeFrequency: 'MONTHLY' as const, otherIncome: 0 },
      'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
    ],
  ])('persona SSN %s %o → %s', async (ssn, patch, expected) => {
    const { guid } = await sb.create();
    const res = await sb.submit(guid, { ssn, ...patch });
    expect(res.json().status).toBe(expected);
    if (expected === 'APPLICATION_PARTIALLY_APPROVED') {
      expect(res.json().approvedAmount).toBe(620);
      const acc = await sb.app.inject({ method: 'POST', url: `/sandbox/v1/applications/${guid}/accept` });
      expect(acc.json()).toMatchObject({
        status: 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
        loanSummary: { amountFinanced: '620' },
      });
    }
    if (expected === 'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION') {
      // The consumer lifts the freeze and resubmits.
      expect((await sb.submit(guid, { ssn: '666-12-0000' })).json().status).toBe('APPLICATION_APPROVED');
    }
  });

  it('an approval not accepted within 48 h expires (sweep on the clock)', async () => {
    const { guid } = await sb.create();
    await sb.submit(guid);
    sb.clock.advance(47 * HOUR);
    expect(status(guid)).toBe('APPLICATION_APPROVED');
    sb.clock.advance(2 * HOUR);
    expect(status(guid)).toBe('APPLICATION_LINK_EXPIRED');
    const accept = await sb.app.inject({ method: 'POST', url: `/sandbox/v1/applications/${guid}/accept` });
    expect(accept.json().error.message).toBe('Application link expired');
    const page = await sb.app.inject({ method: 'GET', url: `/usl/avvance-installment-loans?guid=${guid}` });
    expect(page.statusCode).toBe(404);
  });

  it('an unused link expires after 30 days (lazily on access)', async () => {
    const { guid } = await sb.create();
    sb.core.close(); // stop the sweep: expiry must also apply when the application is next read
    sb.clock.advance(30 * 24 * HOUR);
    expect(sb.core.store.findApplication(guid)!.state).toBe('LINK_ISSUED');
    const res = await sb.submit(guid);
    expect(res.json().error.message).toBe('Application link expired');
    expect(status(guid)).toBe('APPLICATION_LINK_EXPIRED');
  });

  it('timeScale compresses the 48 h rule', async () => {
    await sb.close();
    sb = await buildSandbox({ timeScale: 3600 });
    const { guid } = await sb.create();
    await sb.submit(guid);
    sb.clock.advance(49_000);
    expect(status(guid)).toBe('APPLICATION_LINK_EXPIRED');
  });

  it('S4 forces statuses, creating and settling the transaction', async () => {
    const { guid, sessionId } = await sb.create();
    const forced = await sb.app.inject({
      method: 'POST',
      url: `/sandbox/v1/applications/${guid}/events`,
      payload: { status: 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED' },
    });
    expect(forced.json()).toMatchObject({ transactionStatus: 'AUTHORIZED', merchantMessage: 'INVOICE_PAID' });
    await sb.app.inject({
      method: 'POST',
      url: `/sandbox/v1/applications/${guid}/events`,
      payload: { status: 'INVOICE_PAYMENT_TRANSACTION_SETTLED' },
    });
    expect((await loanStatus(sessionId)).json()).toEqual({ loanStatus: 'SETTLED' });
    const { guid: g2 } = await sb.create();
    const partial = await sb.app.inject({
      method: 'POST',
      url: `/sandbox/v1/applications/${g2}/events`,
      payload: { status: 'APPLICATION_PARTIALLY_APPROVED', merchantMessage: 'PENDING_CUSTOMER_ACTION' },
    });
    expect(partial.json()).toMatchObject({ approvedAmount: 620 });
  });

  it('notification-status returns the last webhook payload; 404 before the link is opened', async () => {
    const { guid } = await sb.create();
    const before = await sb.call('GET', `${LOAN}/notification-status`, {
      headers: { notificationid: guid, merchantid: MID },
    });
    expect(before.statusCode).toBe(404);
    await sb.submit(guid, { ssn: '666-12-3333' });
    const after = await sb.call('GET', `${LOAN}/notification-status`, {
      headers: { notificationid: guid, merchantid: MID },
    });
    expect(after.json()).toMatchObject({
      eventName: 'LOAN_STATUS_DETAILS',
      alternateId: 'partner-org-name',
      eventDetails: {
        loanStatus: {
          status: 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT',
          merchantMessage: 'REQUEST_ALTERNATIVE_PAYMENT',
        },
      },
    });
    expect(after.json().eventDetails.loanSummary).toBeUndefined();
  });

  it('reporting: header paging and the 30-day window', async () => {
    for (let i = 0; i < 3; i++) await sb.authorized();
    const page = (h: Record<string, string>) =>
      sb.call('GET', `${LOAN}/transactions`, { headers: { merchantid: MID, ...h } });
    const p1 = (await page({ pageSize: '2' })).json().transactions;
    expect(p1.merchantInvoices).toHaveLength(2);
    expect(p1._metadata).toEqual({ pageNumber: 1, pageSize: 2, hasNext: true });
    const p2 = (await page({ pageSize: '2', pageNumber: '2' })).json().transactions;
    expect(p2.merchantInvoices).toHaveLength(1);
    expect(p2._metadata.hasNext).toBe(false);
    expect((await page({ pageSize: '500' })).json().error.code).toBe('400.44010.4108');
    expect((await page({ pageNumber: 'x' })).json().error.code).toBe('400.44010.4108');
    const long = (await page({ startDate: '2024-04-01', endDate: '2024-05-10' })).json().error;
    expect(long).toMatchObject({ code: '400.44010.4111', message: 'Date range must not exceed 30 days' });
    expect((await page({ startDate: '2024-13-01' })).json().error.code).toBe('400.44010.4103');
    expect((await page({ startDate: '2024-05-10', endDate: '2024-05-01' })).json().error.code).toBe(
      '400.44010.4111',
    );
    expect(
      (await page({ startDate: '2024-05-01', endDate: '2024-05-10' })).json().transactions.merchantInvoices,
    ).toHaveLength(3);
    expect((await page({ startDate: '2024-04-01' })).json().transactions.merchantInvoices).toHaveLength(0);
    expect((await page({ endDate: '2024-05-09' })).json().transactions.merchantInvoices).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import * as P from './__tests__/avvance-payloads.ts';
import { deepFreeze, describeFindings, leaves, OPTS } from './__tests__/helpers.ts';
import { MAX_MASK_DEPTH } from './mask-json.ts';
import { Masker, maskJson } from './masker.ts';
import { isMaskToken, REDACTED } from './tokens.ts';

interface Spec {
  name: string;
  payload: unknown;
  /** Exactly the findings expected, as `path → kind`. */
  masked: string[];
}

const specs: Spec[] = [
  {
    name: 'create request (§2.1)',
    payload: P.createRequest,
    masked: [
      'consumer.IPAddress → ip',
      'consumer.billingAddress.city → address',
      'consumer.billingAddress.postalCode → postal-code',
      'consumer.billingAddress.street1 → address',
      'consumer.billingAddress.street2 → address',
      'consumer.billingAddress.street3 → address',
      'consumer.email → email',
      'consumer.firstName → name',
      'consumer.lastName → name',
      'consumer.middleName → name',
      'consumer.mobilePhone → phone',
      'consumer.shippingAddress.city → address',
      'consumer.shippingAddress.postalCode → postal-code',
      'consumer.shippingAddress.street1 → address',
      'consumer.shippingAddress.street2 → address',
      'consumer.shippingAddress.street3 → address',
    ],
  },
  {
    name: 'create response (§2.1)',
    payload: P.createResponse,
    masked: ['consumerOnboardingURL → capability-url'],
  },
  {
    name: 'loan-status webhook (§2.2)',
    payload: P.loanStatusWebhook,
    masked: ['eventDetails.loanSummary.accountNumber → loan-account'],
  },
  { name: 'merchant-activity webhook (§2.3)', payload: P.merchantActivityWebhook, masked: [] },
  {
    name: 'pre-approval leads webhook (§2.4)',
    payload: P.preApprovalLeadsWebhook,
    masked: [
      'eventDetails.customerCity → address',
      'eventDetails.customerEmail → email',
      'eventDetails.customerName → name',
      'eventDetails.customerPhone → phone',
      'eventDetails.merchantEmail → email',
    ],
  },
  { name: 'void response (§2.5)', payload: P.voidResponse, masked: [] },
  { name: 'refund request (§2.5)', payload: P.refundRequest, masked: [] },
  {
    name: 'transactions (§2.6)',
    payload: P.transactionsResponse,
    masked: [
      'transactions.merchantInvoices[0].consumerFirstName → name',
      'transactions.merchantInvoices[0].consumerLastName → name',
    ],
  },
  {
    name: 'PUT products (§2.7)',
    payload: P.productsPut,
    masked: ['merchantDBAName → name', 'merchantEmail → email', 'performedBy → name'],
  },
  { name: 'unenroll (§2.7)', payload: P.unenrollRequest, masked: ['unenrolled_by → name'] },
  {
    name: 'enroll merchant (§2.7)',
    payload: P.enrollRequest,
    masked: ['applicantEmail → email', 'firstName → name', 'lastName → name'],
  },
  { name: 'enroll response (§2.7)', payload: P.enrollResponse, masked: ['applyUrl → capability-url'] },
  {
    name: 'pre-approval link (§2.7)',
    payload: P.preApprovalLinkResponse,
    masked: ['preApprovalLink → capability-url'],
  },
  { name: 'token response (§1.2)', payload: P.tokenResponse, masked: ['accessToken → token'] },
  { name: 'error envelope (§2.8)', payload: P.errorEnvelope, masked: [] },
  {
    name: 'hosted application submit (§3.8)',
    payload: P.hostedApplicationSubmit,
    masked: [
      'applicant.annualIncome → income',
      'applicant.dateOfBirth → dob',
      'applicant.email → email',
      'applicant.employerName → name',
      'applicant.employerPhone → phone',
      'applicant.firstName → name',
      'applicant.homePhone → phone',
      'applicant.identityDocument.expirationDate → government-id',
      'applicant.identityDocument.number → government-id',
      'applicant.lastName → name',
      'applicant.middleName → name',
      'applicant.mobilePhone → phone',
      'applicant.monthlyHousingPayment → income',
      'applicant.otherIncome → income',
      'applicant.residentialAddress.city → address',
      'applicant.residentialAddress.postalCode → postal-code',
      'applicant.residentialAddress.street1 → address',
      'applicant.residentialAddress.street2 → address',
      'applicant.ssn → ssn',
      'consents.deviceFingerprint → device',
      'consents.ipAddress → ip',
      'consents.userAgent → device',
      'debitCardForFirstPayment.cardNumber → card',
      'debitCardForFirstPayment.cvv → cvv',
      'debitCardForFirstPayment.expMonth → card',
      'debitCardForFirstPayment.expYear → card',
      'repayment.bankAccount.accountHolderName → name',
      'repayment.bankAccount.accountNumber → bank-account',
      'repayment.bankAccount.routingNumber → routing-number',
    ],
  },
];

describe('maskJson over real Avvance payloads', () => {
  it.each(specs)('$name: masks exactly the PII paths, every other leaf survives', ({ payload, masked }) => {
    const input = deepFreeze(structuredClone(payload));
    const result = maskJson(input, OPTS);
    expect(describeFindings(result.findings)).toEqual(masked);
    const maskedPaths = new Set(result.findings.map((f) => f.path));
    const before = leaves(input);
    const after = leaves(result.value);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [path, value] of before) {
      if (maskedPaths.has(path)) {
        const out = after.get(path);
        expect(out, path).not.toEqual(value);
        expect(typeof out === 'string' && (isMaskToken(out) || out.endsWith(REDACTED)), path).toBe(true);
      } else {
        expect(after.get(path), path).toEqual(value);
      }
    }
  });

  it('uses the documented token formats', () => {
    const { value } = maskJson(P.hostedApplicationSubmit, OPTS) as {
      value: typeof P.hostedApplicationSubmit;
    };
    expect(value.applicant.ssn).toMatch(/^•••-••-0000#[0-9a-f]{6}$/);
    expect(value.debitCardForFirstPayment.cardNumber).toMatch(/^••••-••••-••••-1111#[0-9a-f]{6}$/);
    expect(value.repayment.bankAccount.accountNumber).toMatch(/^••••0123#[0-9a-f]{6}$/);
    expect(value.applicant.email).toMatch(/^‹email#[0-9a-f]{6}›$/);
    expect(value.debitCardForFirstPayment.cvv).toBe(REDACTED);
    expect(value.debitCardForFirstPayment.expYear).toMatch(/^‹card#[0-9a-f]{6}›$/);
    expect(value.applicant.annualIncome).toMatch(/^‹income#[0-9a-f]{6}›$/);
    const created = maskJson(P.createResponse, OPTS).value as typeof P.createResponse;
    expect(created.consumerOnboardingURL).toBe('https://uat01-onboarding.usbank.com/[REDACTED]');
  });

  it('gives the same value the same token across payloads (follow a consumer across calls)', () => {
    const a = maskJson(P.createRequest, OPTS).value as typeof P.createRequest;
    const b = maskJson(P.preApprovalLeadsWebhook, OPTS).value as typeof P.preApprovalLeadsWebhook;
    expect(a.consumer.mobilePhone).toBe(b.eventDetails.customerPhone);
    const n = maskJson(
      { mobilePhone: 9009009000, homePhone: '(900) 900-9000', cell: '+1 900 900 9000' },
      OPTS,
    );
    expect(n.value).toEqual({
      mobilePhone: a.consumer.mobilePhone,
      homePhone: a.consumer.mobilePhone,
      cell: a.consumer.mobilePhone,
    });
  });
});

describe('maskJson edge cases', () => {
  it('masks PII numbers as string tokens', () => {
    const { value, findings } = maskJson(
      { mobilePhone: 9009009000, annualIncome: 85000, ssn: 123456789 },
      OPTS,
    );
    const v = value as Record<string, unknown>;
    expect(v['mobilePhone']).toMatch(/^‹phone#/);
    expect(v['annualIncome']).toMatch(/^‹income#/);
    expect(v['ssn']).toMatch(/^•••-••-6789#/);
    expect(describeFindings(findings)).toEqual(['annualIncome → income', 'mobilePhone → phone', 'ssn → ssn']);
  });

  it('keeps a 10-digit MID under merchant-id keys but masks the same digits as a phone', () => {
    const input = {
      merchantId: '9009009000',
      mid: '9009009000',
      merchantID: 9009009000,
      'Merchant-ID': '9009009000',
      Identifier: '9009009000',
      mobilePhone: '9009009000',
      contact: '9009009000',
      contactNumber: 9009009000,
    };
    const v = maskJson(input, OPTS).value as Record<string, unknown>;
    expect(v).toMatchObject({
      merchantId: '9009009000',
      mid: '9009009000',
      merchantID: 9009009000,
      'Merchant-ID': '9009009000',
      Identifier: '9009009000',
    });
    expect(v['mobilePhone']).toMatch(/^‹phone#/);
    expect(v['contact']).toBe(v['mobilePhone']);
    expect(v['contactNumber']).toBe(v['mobilePhone']);
  });

  it('keeps non-PII numbers under unknown keys (amounts, counts, epoch times)', () => {
    const input = {
      total: 1575,
      big: 99999999999,
      epochMs: 1700000000000,
      epochS: 1700000000,
      ratio: 0.5,
      neg: -12345678,
    };
    expect(maskJson(input, OPTS).value).toEqual(input);
    expect(maskJson({ n: 123n, ssnLike: 123456789n }, OPTS).value).toEqual({
      n: 123n,
      ssnLike: expect.stringMatching(/^•••-••-6789#/),
    });
  });

  it('masks JSON inside a string field and re-serialises it only when something changed', () => {
    const inner = JSON.stringify({ applicant: { ssn: '123-45-6789' }, ok: true });
    const { value, findings } = maskJson({ payload: inner, clean: '{ "status": "SUCCESS" }' }, OPTS);
    const v = value as { payload: string; clean: string };
    expect(JSON.parse(v.payload)).toEqual({
      applicant: { ssn: expect.stringMatching(/^•••-••-6789#/) },
      ok: true,
    });
    expect(v.clean).toBe('{ "status": "SUCCESS" }');
    expect(describeFindings(findings)).toEqual(['payload.applicant.ssn → ssn']);
    expect(maskJson({ broken: '{ "ssn": 123-45-6789' }, OPTS).value).toEqual({
      broken: expect.stringMatching(/^\{ "ssn": •••/),
    });
  });

  it('applies the label of key/value bags to the value (metadata, error details, HAR pairs)', () => {
    const input = {
      metadata: [
        { key: 'patient-id', value: 'patient001' },
        { key: 'email', value: 'jane@example.com' },
        { key: 'merchantId', value: '8025491732' },
        { key: 'note', value: 'call me on 612-555-0142' },
      ],
      details: [{ attributeName: 'mobilePhone', attributeValue: '6125550142', reason: 'bad' }],
      headers: [{ name: 'Authorization', value: 'Bearer abc.def.ghi' }],
    };
    const { value, findings } = maskJson(input, OPTS);
    const v = value as typeof input;
    expect(v.metadata[0]!.value).toBe('patient001');
    expect(v.metadata[1]!.value).toMatch(/^‹email#/);
    expect(v.metadata[2]!.value).toBe('8025491732');
    expect(v.metadata[3]!.value).toMatch(/^call me on ‹phone#[0-9a-f]{6}›$/);
    expect(v.details[0]!.attributeValue).toMatch(/^‹phone#/);
    expect(v.headers[0]!.value).toBe('Bearer [REDACTED]');
    expect(describeFindings(findings)).toEqual([
      'details[0].attributeValue → phone',
      'headers[0].value → token',
      'metadata[1].value → email',
      'metadata[3].value → phone',
    ]);
  });

  it('inherits PII and secret rules into nested values, not safe ones', () => {
    const input = {
      email: ['a@b.com', 'c@d.com'],
      billingAddress: { line: '1 Main St', state: 'CA', countryCode: 'US', shippingDate: '2024-05-10' },
      client_secret: { v1: 'abc', enabled: true, n: 5 },
      merchantId: { name: 'Joe Dow', phone: '6125550142' },
      merchantIds: ['8025491732', '435523232323'],
    };
    const v = maskJson(input, OPTS).value as Record<string, unknown>;
    expect(v['email']).toEqual([expect.stringMatching(/^‹email#/), expect.stringMatching(/^‹email#/)]);
    expect(v['billingAddress']).toEqual({
      line: expect.stringMatching(/^‹address#/),
      state: 'CA',
      countryCode: 'US',
      shippingDate: '2024-05-10',
    });
    expect(v['client_secret']).toEqual({ v1: REDACTED, enabled: true, n: REDACTED });
    expect(v['merchantId']).toEqual({ name: 'Joe Dow', phone: expect.stringMatching(/^‹phone#/) });
  });

  it('scans strings under known ids for emails and credentials only', () => {
    const v = maskJson(
      { invoiceId: 'joe@x.com', merchantTransactionId: '123456789', status: 'Bearer abcdef123456789' },
      OPTS,
    ).value as Record<string, string>;
    expect(v['invoiceId']).toMatch(/^‹email#/);
    expect(v['merchantTransactionId']).toBe('123456789');
    expect(v['status']).toBe('Bearer [REDACTED]');
  });

  it('masks URLs in unknown fields by their query keys', () => {
    const v = maskJson(
      {
        partnerReturnErrorUrl: 'https://shop.example/err?fullName=Joe%20Dow&order=42',
        site: 'http://x.io/?email=a@b.co',
      },
      OPTS,
    ).value as Record<string, string>;
    expect(v['partnerReturnErrorUrl']).toMatch(
      /^https:\/\/shop\.example\/err\?fullName=‹name%23[0-9a-f]{6}›&order=42$/,
    );
    expect(v['site']).toMatch(/^http:\/\/x\.io\/\?email=‹email%23/);
  });

  it('preserves structure, null, booleans, empty values and non-plain objects', () => {
    const date = new Date(0);
    const input = deepFreeze({
      a: null,
      b: true,
      c: [],
      d: {},
      e: '',
      ssn: '',
      f: [null, false, 0],
      g: date,
      h: undefined,
    });
    const v = maskJson(input, OPTS).value as Record<string, unknown>;
    expect(v).toEqual({
      a: null,
      b: true,
      c: [],
      d: {},
      e: '',
      ssn: '',
      f: [null, false, 0],
      g: date,
      h: undefined,
    });
    expect(v['g']).toBe(date);
    expect(v).not.toBe(input);
  });

  it('keeps an own __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__": {"email": "a@b.com"}, "x": 1}') as Record<string, unknown>;
    const v = maskJson(input, OPTS).value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__', 'x']);
    expect(
      (Object.getOwnPropertyDescriptor(v, '__proto__')!.value as Record<string, string>)['email'],
    ).toMatch(/^‹email#/);
  });

  it('quotes unusual keys in finding paths', () => {
    const { findings } = maskJson({ 'a.b': { 'first name': 'Joe' }, list: [[{ email: 'a@b.co' }]] }, OPTS);
    expect(describeFindings(findings)).toEqual(['["a.b"]["first name"] → name', 'list[0][0].email → email']);
  });

  it(`redacts subtrees nested deeper than ${MAX_MASK_DEPTH} levels instead of overflowing`, () => {
    let deep: unknown = { ssn: '123-45-6789' };
    for (let i = 0; i < MAX_MASK_DEPTH + 50; i++) deep = { n: deep };
    const { value, findings } = maskJson(deep, OPTS);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.kind).toBe('unscanned');
    expect(JSON.stringify(value)).toContain(REDACTED);
    expect(JSON.stringify(value)).not.toContain('6789');
  });

  it('masks root primitives with an empty path', () => {
    expect(maskJson('mail a@b.co', OPTS).findings).toEqual([{ path: '', kind: 'email' }]);
    expect(maskJson(42, OPTS).value).toBe(42);
  });

  it('honours allowKeys and extraKeys', () => {
    const m = new Masker({
      salt: 's',
      allowKeys: ['customer_email'],
      extraKeys: ['patientId', 'workEmail', 'merchantId'],
    });
    const v = m.json({
      customerEmail: 'a@b.co',
      patientId: 'p1',
      workEmail: 'c@d.co',
      merchantId: '8025491732',
      x: { customerEmail: { e: 'a@b.co' } },
    }).value as Record<string, unknown>;
    expect(v['customerEmail']).toBe('a@b.co');
    expect(v['x']).toEqual({ customerEmail: { e: 'a@b.co' } });
    expect(v['patientId']).toMatch(/^‹custom#/);
    expect(v['workEmail']).toMatch(/^‹email#/);
    expect(v['merchantId']).toMatch(/^‹custom#/);
  });

  it('is idempotent and reports the same findings on re-masking', () => {
    for (const spec of specs) {
      const once = maskJson(spec.payload, OPTS);
      const twice = maskJson(once.value, OPTS);
      expect(twice.value, spec.name).toEqual(once.value);
      expect(describeFindings(twice.findings), spec.name).toEqual(describeFindings(once.findings));
    }
  });
});

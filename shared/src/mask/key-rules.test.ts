import { describe, expect, it } from 'vitest';
import { KeyRuleResolver, MAX_KEY_CACHE, normaliseKey } from './key-rules.ts';

const describeRule = (r: { action: string; kind: string } | undefined): string =>
  r === undefined
    ? 'unknown'
    : ['safe', 'url', 'allow'].includes(r.action)
      ? r.action
      : `${r.action}:${r.kind}`;

describe('normaliseKey', () => {
  it.each([
    ['IPAddress', 'ipaddress'],
    ['X-Client-IP', 'xclientip'],
    ['unenrolled_by', 'unenrolledby'],
    ['PartnerSession-ID', 'partnersessionid'],
    ['first name', 'firstname'],
    ['already', 'already'],
  ])('%s → %s', (key, norm) => expect(normaliseKey(key)).toBe(norm));
});

describe('KeyRuleResolver', () => {
  const rules = new KeyRuleResolver();

  it.each([
    ['merchantId', 'safe'],
    ['merchantID', 'safe'],
    ['Merchant-ID', 'safe'],
    ['mid', 'safe'],
    ['Identifier', 'safe'],
    ['applicationGUID', 'safe'],
    ['Correlation-ID', 'safe'],
    ['expiresIn', 'safe'],
    ['tokenType', 'safe'],
    ['annualIncome', 'pii:income'],
    ['grossMonthlyIncome', 'pii:income'],
    ['mobilePhone', 'pii:phone'],
    ['customerPhone', 'pii:phone'],
    ['X-Client-IP', 'pii:ip'],
    ['consumerFirstName', 'pii:name'],
    ['accountHolderName', 'pii:name'],
    ['customerEmail', 'pii:email'],
    ['applicant_ssn', 'pii:ssn'],
    ['socialSecurityNo', 'pii:ssn'],
    ['birthDate', 'pii:dob'],
    ['patientDob', 'pii:dob'],
    ['bankRoutingNumber', 'pii:routing-number'],
    ['debitCardNumber', 'pii:card'],
    ['loanAccountNumber', 'pii:loan-account'],
    ['savingsAccountNumber', 'pii:bank-account'],
    ['card_cvc', 'redact:cvv'],
    ['driversLicenseNo', 'pii:government-id'],
    ['browserFingerprint', 'pii:device'],
    ['macAddress', 'pii:device'],
    ['billingAddress', 'pii:address'],
    ['addressLine1', 'pii:address'],
    ['streetName', 'pii:address'],
    ['shippingCity', 'pii:address'],
    ['capacity', 'unknown'],
    ['homeZipCode', 'pii:postal-code'],
    ['client_secret', 'redact:secret'],
    ['webhookSigningSecret', 'redact:secret'],
    ['X-Hub-Signature-256', 'redact:secret'],
    ['csrfToken', 'redact:token'],
    ['accessToken', 'redact:token'],
    ['Authorization', 'auth:secret'],
    ['Set-Cookie', 'set-cookie:cookie'],
    ['consumerOnboardingURL', 'capability-url:capability-url'],
    ['partnerOnboardingUrl', 'capability-url:capability-url'],
    ['partnerReturnErrorUrl', 'url'],
    ['feedback', 'unknown'],
    ['name', 'unknown'],
  ])('%s → %s', (key, expected) => expect(describeRule(rules.resolve(key, ''))).toBe(expected));

  it('uses the parent key for ambiguous names', () => {
    expect(describeRule(rules.resolve('number', 'identitydocument'))).toBe('pii:government-id');
    expect(describeRule(rules.resolve('number', 'bankaccount'))).toBe('pii:bank-account');
    expect(describeRule(rules.resolve('number', 'consumer'))).toBe('unknown');
    expect(describeRule(rules.resolve('accountNumber', 'loansummary'))).toBe('pii:loan-account');
    expect(describeRule(rules.resolve('accountNumber', 'bankaccount'))).toBe('pii:bank-account');
  });

  it('applies header-only overrides', () => {
    expect(describeRule(rules.resolveHeader('User-Agent'))).toBe('safe');
    expect(describeRule(rules.resolveHeader('User-Agent'))).toBe('safe');
    expect(describeRule(rules.resolve('userAgent', ''))).toBe('pii:device');
    expect(describeRule(rules.resolveHeader('Referer'))).toBe('url');
  });

  it('lets allowKeys win and extraKeys add PII', () => {
    const r = new KeyRuleResolver({ allowKeys: ['Customer_Email'], extraKeys: ['patient-id', 'homeEmail'] });
    expect(describeRule(r.resolve('customerEmail', ''))).toBe('allow');
    expect(describeRule(r.resolveHeader('customer-email'))).toBe('allow');
    expect(describeRule(r.resolve('patientId', ''))).toBe('pii:custom');
    expect(describeRule(r.resolve('homeEmail', ''))).toBe('pii:email');
  });

  it('keeps working when its caches fill up', () => {
    const r = new KeyRuleResolver();
    for (let i = 0; i <= MAX_KEY_CACHE; i++) {
      r.resolve(`k${i}`, '');
      r.resolveHeader(`h${i}`);
    }
    expect(describeRule(r.resolve('mobilePhone', ''))).toBe('pii:phone');
    expect(describeRule(r.resolveHeader('Cookie'))).toBe('cookie:cookie');
  });
});

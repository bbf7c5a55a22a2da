/**
 * Catalogue of key names the masking engine knows, by normalised key (lower-case, `-`, `_` and spaces
 * removed). Field names come from the Avvance payloads (AVVANCE_API.md §2, §3.8, §4.1); see
 * docs/masking.md for the policy behind each group.
 */
import type { MaskKind } from './types.ts';

/**
 * What to do with the value under a key:
 * - `allow`: never touch (the caller's `allowKeys`);
 * - `safe`: a known non-PII value (ids, amounts, statuses, dates); only email/JWT/`Bearer` shapes are
 *   still scanned, so digit-shaped ids (a 10-digit MID) survive;
 * - `url`: parse the value as a URL and mask its query and path by key and shape;
 * - `pii`: replace with a deterministic token of `kind`;
 * - `redact`: replace with `[REDACTED]`;
 * - `auth`: `[REDACTED]`, keeping an `Authorization` scheme (`Bearer [REDACTED]`);
 * - `cookie` / `set-cookie`: keep cookie names and attributes, redact cookie values;
 * - `capability-url`: keep the origin, redact the rest (`https://host/[REDACTED]`).
 */
export type KeyAction =
  | 'allow'
  | 'safe'
  | 'url'
  | 'pii'
  | 'redact'
  | 'auth'
  | 'cookie'
  | 'set-cookie'
  | 'capability-url';

/** A decision for one key. `kind` is what findings report; unused for `allow`, `safe` and `url`. */
export interface KeyRule {
  readonly action: KeyAction;
  readonly kind: MaskKind;
}

const rule = (action: KeyAction, kind: MaskKind): KeyRule => Object.freeze({ action, kind });

/** Shared rule instances (compared by identity in hot paths). */
export const RULES = {
  allow: rule('allow', 'custom'),
  safe: rule('safe', 'custom'),
  url: rule('url', 'custom'),
  secret: rule('redact', 'secret'),
  token: rule('redact', 'token'),
  auth: rule('auth', 'secret'),
  cookie: rule('cookie', 'cookie'),
  setCookie: rule('set-cookie', 'cookie'),
  capability: rule('capability-url', 'capability-url'),
  cvv: rule('redact', 'cvv'),
  custom: rule('pii', 'custom'),
} as const;

const PII_RULES = new Map<MaskKind, KeyRule>();

/** The tokenising rule for a PII kind (one shared instance per kind). */
export function piiRule(kind: MaskKind): KeyRule {
  let r = PII_RULES.get(kind);
  if (r === undefined) {
    r = rule('pii', kind);
    PII_RULES.set(kind, r);
  }
  return r;
}

const SAFE_KEYS = [
  // Identifiers: pseudonymous, needed to follow a journey. MIDs are 10–12 digits and look like phones.
  'merchantid',
  'mid',
  'identifier',
  'hashedmid',
  'hashedmerchantid',
  'partnerid',
  'partnersessionid',
  'applicationguid',
  'applicationid',
  'correlationid',
  'xcorrelationid',
  'requestid',
  'xrequestid',
  'sessionid',
  'channelid',
  'alternateid',
  'notificationid',
  'paymenttransactionid',
  'approvalcode',
  'terminalid',
  'leadid',
  'invoiceid',
  'merchanttransactionid',
  'productid',
  'productcode',
  'preapprovalrequestid',
  'shoppingcartid',
  'sequencenumber',
  'traceparent',
  'tracestate',
  'id',
  'guid',
  'uuid',
  'clientid',
  'routingkey',
  'mccextensioncode',
  'mcc',
  // Money, offer terms and decisions: financial but not identifying (income keys are NOT here).
  'invoiceamount',
  'refundamount',
  'txnamount',
  'amount',
  'amountfinanced',
  'totalloanamount',
  'monthlypayment',
  'paymentamount',
  'monthlypaymentamount',
  'totalloanwithinterest',
  'totalrefundedamount',
  'intendedspendingamount',
  'maxpreapprovedamount',
  'merchantdiscountpercentage',
  'apr',
  'promotionapr',
  'term',
  'termcount',
  'termtype',
  'promotionterm',
  'promotionterminmonths',
  'promotionpaymentamount',
  'currency',
  // Statuses, enums, dates and paging.
  'status',
  'loanstatus',
  'txnstatus',
  'txntype',
  'leadstatus',
  'eventname',
  'eventstatus',
  'eventtype',
  'notificationtype',
  'merchantmessage',
  'offertype',
  'producttype',
  'productname',
  'accounttype',
  'changerequesttype',
  'ismerchantvalid',
  'iscartcreated',
  'occurredat',
  'timestamp',
  'txndate',
  'firstpaymentdue',
  'shippingdate',
  'leadexpirydate',
  'leadgenerationtime',
  'startdate',
  'enddate',
  'pagenumber',
  'pagesize',
  'expiresin',
  'tokentype',
  'granttype',
  'scope',
  // Location at state/country level is kept (docs/masking.md: quasi-identifiers).
  'state',
  'customerstate',
  'issuingstate',
  'countrycode',
  'country',
  'language',
  'yearsataddress',
  'incomefrequency',
  'housingstatus',
  'employmentstatus',
] as const;

const PII_KEYS: Readonly<Record<string, MaskKind>> = {
  ssn: 'ssn',
  ssnlast4: 'ssn',
  socialsecuritynumber: 'ssn',
  taxid: 'ssn',
  itin: 'ssn',
  tin: 'ssn',
  dateofbirth: 'dob',
  dob: 'dob',
  birthdate: 'dob',
  birthday: 'dob',
  age: 'dob',
  mobile: 'phone',
  fax: 'phone',
  ip: 'ip',
  ipaddress: 'ip',
  ipaddr: 'ip',
  clientip: 'ip',
  xclientip: 'ip',
  xforwardedfor: 'ip',
  xrealip: 'ip',
  remoteaddr: 'ip',
  remoteaddress: 'ip',
  trueclientip: 'ip',
  cfconnectingip: 'ip',
  customername: 'name',
  employername: 'name',
  performedby: 'name',
  unenrolledby: 'name',
  merchantdbaname: 'name',
  nameoncard: 'name',
  surname: 'name',
  mothersmaidenname: 'name',
  street: 'address',
  street1: 'address',
  street2: 'address',
  street3: 'address',
  address: 'address',
  address1: 'address',
  address2: 'address',
  address3: 'address',
  line1: 'address',
  line2: 'address',
  line3: 'address',
  city: 'address',
  customercity: 'address',
  postalcode: 'postal-code',
  zip: 'postal-code',
  zipcode: 'postal-code',
  zip4: 'postal-code',
  postcode: 'postal-code',
  accountnumber: 'bank-account',
  iban: 'bank-account',
  ddanumber: 'bank-account',
  loanaccountnumber: 'loan-account',
  routingnumber: 'routing-number',
  aba: 'routing-number',
  abanumber: 'routing-number',
  cardnumber: 'card',
  pan: 'card',
  expmonth: 'card',
  expyear: 'card',
  expirydate: 'card',
  cardexpiry: 'card',
  cardexpiration: 'card',
  annualincome: 'income',
  otherincome: 'income',
  monthlyincome: 'income',
  income: 'income',
  salary: 'income',
  monthlyhousingpayment: 'income',
  driverslicense: 'government-id',
  driverslicensenumber: 'government-id',
  passportnumber: 'government-id',
  nationalid: 'government-id',
  governmentid: 'government-id',
  devicefingerprint: 'device',
  fingerprint: 'device',
  deviceid: 'device',
  useragent: 'device',
};

const SECRET_KEYS: Readonly<Record<string, KeyRule>> = {
  authorization: RULES.auth,
  proxyauthorization: RULES.auth,
  cookie: RULES.cookie,
  setcookie: RULES.setCookie,
  accesstoken: RULES.token,
  refreshtoken: RULES.token,
  idtoken: RULES.token,
  token: RULES.token,
  xavvancetoken: RULES.token,
  sessionkey: RULES.token,
  clientsecret: RULES.secret,
  secret: RULES.secret,
  password: RULES.secret,
  apikey: RULES.secret,
  xapikey: RULES.secret,
  // The relay's own pass-through key (docs/relay.md): a partner secret like any API key.
  relaykey: RULES.secret,
  xrelaykey: RULES.secret,
  webhookusername: RULES.secret,
  xwebhooksignature: RULES.secret,
  cvv: RULES.cvv,
  cvv2: RULES.cvv,
  cvc: RULES.cvv,
  cvc2: RULES.cvv,
  securitycode: RULES.cvv,
  cardsecuritycode: RULES.cvv,
  consumeronboardingurl: RULES.capability,
  preapprovallink: RULES.capability,
  preapprovalonboardingurl: RULES.capability,
  applyurl: RULES.capability,
};

/** Exact key → rule, built once. */
export const EXACT_RULES: ReadonlyMap<string, KeyRule> = new Map<string, KeyRule>([
  ...SAFE_KEYS.map((k): [string, KeyRule] => [k, RULES.safe]),
  ...Object.entries(PII_KEYS).map(([k, kind]): [string, KeyRule] => [k, piiRule(kind)]),
  ...Object.entries(SECRET_KEYS),
]);

/**
 * Rules that depend on the parent key (normalised), checked before {@link EXACT_RULES}:
 * `identityDocument.number`, `bankAccount.accountNumber` vs `loanSummary.accountNumber`.
 */
export const CONTEXT_RULES: ReadonlyMap<string, ReadonlyMap<string, KeyRule>> = new Map([
  [
    'number',
    new Map([
      ['identitydocument', piiRule('government-id')],
      ['passport', piiRule('government-id')],
      ['driverslicense', piiRule('government-id')],
      ['card', piiRule('card')],
      ['debitcardforfirstpayment', piiRule('card')],
      ['bankaccount', piiRule('bank-account')],
    ]),
  ],
  [
    'accountnumber',
    new Map([
      ['loansummary', piiRule('loan-account')],
      ['loan', piiRule('loan-account')],
    ]),
  ],
  ['expirationdate', new Map([['identitydocument', piiRule('government-id')]])],
]);

/**
 * Header-only overrides (normalised header names): a browser `User-Agent` header stays readable
 * while a `userAgent` JSON field from the hosted application is device data; URLs in `Referer` and
 * `Location` are masked as URLs; `Host` is kept like a URL's host.
 */
export const HEADER_RULES: ReadonlyMap<string, KeyRule> = new Map<string, KeyRule>([
  ['useragent', RULES.safe],
  ['host', RULES.safe],
  ['date', RULES.safe],
  ['expires', RULES.safe],
  ['lastmodified', RULES.safe],
  ['ifmodifiedsince', RULES.safe],
  ['etag', RULES.safe],
  ['referer', RULES.url],
  ['origin', RULES.url],
  ['location', RULES.url],
  ['contentlocation', RULES.url],
]);

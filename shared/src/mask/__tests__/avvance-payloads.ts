/** Avvance payloads from AVVANCE_API.md §1.2, §2 and §3.8, verbatim field names and values. */

export const createRequest = {
  partnerSessionId: '77ebbf62-2869-4953-9302-a1bf46c6e112',
  merchantId: '435523232323',
  invoiceAmount: '340',
  invoiceId: 'INV8282882',
  merchantTransactionId: 'TXNID00000192',
  purchaseDescription: 'My Test Purchase',
  consumer: {
    language: 'EN',
    email: 'abc@email.com',
    firstName: 'Joe',
    middleName: 'kr',
    lastName: 'Dow',
    mobilePhone: '9009009000',
    billingAddress: {
      street1: '123 First Street',
      street2: 'Unit 2',
      street3: 'Monterey apartments',
      city: 'Los Angeles',
      state: 'CA',
      countryCode: 'US',
      postalCode: '91755',
    },
    shippingAddress: {
      street1: '123 First Street',
      street2: 'Unit 2',
      street3: 'Monterey apartments',
      city: 'Los Angeles',
      state: 'CA',
      countryCode: 'US',
      postalCode: '91755',
      shippingDate: '2024-05-10',
    },
    IPAddress: '100.100.0.10',
  },
  metadata: [{ key: 'patient-id', value: 'patient001' }],
  partnerReturnErrorUrl: 'https://avvance-partner.com/pay-another-way',
};

export const createResponse = {
  status: 'SUCCESS',
  isMerchantValid: 'Y',
  isCartCreated: 'Y',
  consumerOnboardingURL: 'https://uat01-onboarding.usbank.com/usl/avvance-installment-loans',
  applicationGUID: '7b831e4d-cfc7-4215-bad4-11a88eff8090',
  partnerSessionID: '77ebbf62-2869-4953-9302-a1bf46c6e112',
};

export const loanStatusWebhook = {
  notificationType: 'WEBHOOK',
  alternateId: 'partner-org-name',
  occurredAt: '2023-06-28T17:08:50.000+0000',
  productName: 'BNPL',
  eventName: 'LOAN_STATUS_DETAILS',
  eventDetails: {
    merchantId: '435523232323',
    applicationGUID: '7b831e4d-cfc7-4215-bad4-11a88eff8090',
    terminalId: 12345678,
    paymentTransactionId: '56F478UI89',
    approvalCode: '528657',
    partnerSessionId: '77ebbf62-2869-4953-9302-a1bf46c6e112',
    loanStatus: { status: 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED', merchantMessage: 'INVOICE_PAID' },
    invoiceAmount: { value: 1240, currency: 'USD' },
    loanSummary: {
      accountType: 'Avvance installment loan',
      accountNumber: '12121312121312121121',
      amountFinanced: '700',
      apr: 3,
      term: 6,
      monthlyPayment: 116.67,
      totalLoanAmount: 700,
      firstPaymentDue: '01/17/2024',
    },
  },
};

export const merchantActivityWebhook = {
  alternateId: 'partner-org-name',
  occurredAt: '2023-06-28T17:08:50.000+0000',
  productName: 'BNPL',
  eventName: 'AVVANCE_MERCHANT_ACTIVITY',
  eventDetails: { merchantId: '8025491732', eventStatus: 'MERCHANT_ACTIVATION' },
};

export const preApprovalLeadsWebhook = {
  alternateId: 'partner-org-name',
  occurredAt: '2024-10-21T20:55:20.089+0000',
  productName: 'BNPL',
  eventName: 'PRE_APPROVAL_LEADS',
  eventDetails: {
    mid: '8000000028',
    leadid: '93979628',
    leadstatus: 'Qualified lead',
    customerName: 'John Doe',
    customerEmail: 'john.doe@gmail.com',
    customerPhone: '9009009000',
    customerCity: 'Irving',
    customerState: 'TX',
    merchantEmail: 'acme.business@acme.com',
    leadExpiryDate: '2024-11-05T00:00:00.000+0000',
    leadGenerationTime: '2024-10-21T20:55:20.089+0000',
    preApprovalRequestId: '0d5c3a52-6f41-4c38-9d0e-3a1b2c4d5e6f',
    metadata: [{ key: 'maxPreApprovedAmount', value: '5000' }],
  },
};

export const voidResponse = {
  isTransactionComplete: true,
  paymentTransactionId: '797293de-6366-4eec-a74a-3e1bde57f6f2',
  approvalCode: '6NBE61',
  partnerSessionId: '77ebbf62-2869-4953-9302-a1bf46c6e112',
};

export const refundRequest = {
  partnerSessionId: '77ebbf62-2869-4953-9302-a1bf46c6e112',
  merchantId: '435523232323',
  refundAmount: 300,
};

export const transactionsResponse = {
  transactions: {
    merchantID: '435523232323',
    merchantInvoices: [
      {
        txnDate: '2024-02-29T00:00:00.000+0000',
        invoiceID: 'INQUD33826967',
        txnType: 'FULL',
        consumerFirstName: 'John',
        consumerLastName: 'Doe',
        txnStatus: 'SETTLED',
        txnAmount: 1575,
        sequenceNumber: 1,
        totalRefundedAmount: 0,
      },
    ],
    _metadata: { pageNumber: 1, pageSize: 100, hasNext: true },
  },
};

export const productsPut = {
  products: [{ changeRequestType: 'add', description: 'BASE 5% Term 60 Months', productCode: 'poslapr060' }],
  performedBy: 'john doe',
  merchantEmail: 'john.doe@acme.com',
  merchantDBAName: 'acme inc',
  merchantId: '8025491732',
};

export const unenrollRequest = {
  merchantId: '8025370860',
  feedback: 'It is too difficult...',
  customFeedback: null,
  unenrolled_by: 'John Doe, John.doe@acme.com',
};

export const enrollRequest = {
  merchantId: '8025491732',
  firstName: 'John',
  lastName: 'Doe',
  applicantEmail: 'john.doe@gmail.com',
};

export const enrollResponse = {
  status: 'SUCCESS',
  applyUrl: 'https://it01-onboarding.elavon.com/merchantenrollUI',
};

export const preApprovalLinkResponse = {
  preApprovalLink: 'https://it1.avvance.com/flexible-financing.html?id=uniquemerchantcode',
};

export const tokenResponse = {
  tokenType: 'BearerToken',
  expiresIn: '899',
  accessToken: '6yRvexxxxxxxxxxxxxxRPkyOp',
};

export const errorEnvelope = {
  error: {
    code: '500.44010.50010',
    message: 'Subsystem Data unavailable',
    help: 'https://developer.elavon.com/products/avvance/v1/api-reference#tag/Initiate-Loan',
    details: [{ attributeName: 'PartnerId', reason: 'Subsystem Data unavailable', attributeValue: 'String' }],
  },
  timestamp: '2024-05-10T17:08:50.000+0000',
};

export const hostedApplicationSubmit = {
  applicant: {
    firstName: 'Joe',
    middleName: 'K',
    lastName: 'Dow',
    suffix: 'Jr',
    dateOfBirth: '1985-04-12',
    ssn: '666-12-0000',
    email: 'joe.dow@example.com',
    mobilePhone: '9009009000',
    homePhone: '(612) 555-0142',
    residentialAddress: {
      street1: '123 First Street',
      street2: 'Unit 2',
      city: 'Los Angeles',
      state: 'CA',
      postalCode: '91755-1234',
      countryCode: 'US',
    },
    yearsAtAddress: 3,
    housingStatus: 'RENT',
    monthlyHousingPayment: 1850.0,
    annualIncome: 85000.0,
    incomeFrequency: 'ANNUAL',
    otherIncome: 6000.0,
    employmentStatus: 'EMPLOYED',
    employerName: 'Acme Corp',
    occupation: 'Engineer',
    employerPhone: '612-555-0199',
    citizenship: 'US_CITIZEN',
    identityDocument: {
      type: 'DRIVERS_LICENSE',
      number: 'D1234567',
      issuingState: 'CA',
      expirationDate: '2028-04-12',
    },
    coApplicant: null,
  },
  consents: {
    eSignConsent: true,
    creditPullConsent: true,
    tcpaConsent: true,
    ipAddress: '100.100.0.10',
    userAgent: 'Mozilla/5.0 ...',
    deviceFingerprint: 'avv_fp_1c2d...',
  },
  selectedOffer: { termCount: 12, apr: 0.0, offerType: 'ZERO' },
  repayment: {
    autopay: true,
    bankAccount: {
      routingNumber: '091000022',
      accountNumber: '1234567890123',
      accountType: 'CHECKING',
      accountHolderName: 'Joe K Dow',
    },
  },
  debitCardForFirstPayment: { cardNumber: '4111111111111111', expMonth: '04', expYear: '2028', cvv: '123' },
};

/** The store's catalogue: prices live on the server, never trusted from the browser. */
export interface Product {
  sku: string;
  name: string;
  description: string;
  /** Price in cents. */
  priceCents: number;
}

export const CATALOG: readonly Product[] = [
  {
    sku: 'NW-EBIKE-TRAIL',
    name: 'Ridgeline Trail e-Bike',
    description: '500 W mid-drive, 720 Wh battery, 80-mile range, hydraulic disc brakes.',
    priceCents: 124_900,
  },
  {
    sku: 'NW-HELMET',
    name: 'Summit MIPS Helmet',
    description: 'Lightweight trail helmet with MIPS protection.',
    priceCents: 8_900,
  },
  {
    sku: 'NW-LOCK',
    name: 'Ironclad U-Lock',
    description: 'Hardened steel U-lock with frame mount.',
    priceCents: 4_900,
  },
];

export interface CartLine {
  sku: string;
  quantity: number;
}

export interface PricedLine extends CartLine {
  name: string;
  unitCents: number;
  totalCents: number;
}

/** Prices a cart from the catalogue; throws a readable message on an unknown sku or bad quantity. */
export function priceCart(lines: readonly CartLine[]): { lines: PricedLine[]; totalCents: number } {
  if (lines.length === 0) throw new Error('The cart is empty');
  const priced: PricedLine[] = [];
  for (const line of lines) {
    const product = CATALOG.find((p) => p.sku === line.sku);
    if (!product) throw new Error(`Unknown product ${line.sku}`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 10) {
      throw new Error('Quantity must be between 1 and 10');
    }
    priced.push({
      ...line,
      name: product.name,
      unitCents: product.priceCents,
      totalCents: product.priceCents * line.quantity,
    });
  }
  return { lines: priced, totalCents: priced.reduce((sum, l) => sum + l.totalCents, 0) };
}

/** Cents → the decimal string Avvance expects for `invoiceAmount` ("1249.00"). */
export function centsToAmount(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** One webhook received by the store (bounded log). Holds no PII: ids and statuses only. */
export interface WebhookLogEntry {
  id: number;
  receivedAt: string;
  authOk: boolean;
  authMode: string;
  /** Why authentication failed, or why the body was rejected. */
  rejectedReason?: string;
  httpStatus: number;
  eventName?: string;
  status?: string;
  merchantMessage?: string;
  applicationGUID?: string;
  partnerSessionId?: string;
  correlationId?: string;
  /** True when the same Correlation-ID was already applied (Avvance may redeliver). */
  duplicate?: boolean;
}

export interface RefundRecord {
  amount: number;
  at: string;
  paymentTransactionId?: string;
}

export interface OrderError {
  operation: string;
  status: number;
  code: string;
  message: string;
  at: string;
}

/** An order of the demo store, keyed by the partnerSessionId sent to Avvance. */
export interface Order {
  partnerSessionId: string;
  invoiceId: string;
  createdAt: string;
  lines: PricedLine[];
  totalCents: number;
  applicationGUID?: string;
  consumerOnboardingURL?: string;
  /** Last `loanStatus.status` seen (webhook or notification-status). */
  applicationStatus?: string;
  merchantMessage?: string;
  /** Transaction state from `/loan-status`. */
  loanStatus?: string;
  paymentTransactionId?: string;
  approvalCode?: string;
  loanSummary?: Record<string, unknown>;
  refunds: RefundRecord[];
  voided: boolean;
  /** Webhook log ids that concern this order. */
  webhookIds: number[];
  /** Correlation-IDs of applied webhooks (idempotency). */
  appliedCorrelationIds: string[];
  lastError?: OrderError;
}

/** Journey order of application statuses; an update never moves an order backwards. */
const STATUS_RANK: Record<string, number> = {
  APPLICATION_STARTED: 1,
  APPLICATION_APPROVED: 2,
  APPLICATION_PARTIALLY_APPROVED: 2,
  APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION: 2,
  APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT: 3,
  SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT: 3,
  APPLICATION_LINK_EXPIRED: 3,
  INVOICE_PAYMENT_TRANSACTION_AUTHORIZED: 4,
  INVOICE_PAYMENT_TRANSACTION_SETTLED: 5,
};

/** Applies an application status unless it would move the order backwards. Returns whether it changed. */
export function applyApplicationStatus(order: Order, status: string, merchantMessage?: string): boolean {
  const current = order.applicationStatus ? (STATUS_RANK[order.applicationStatus] ?? 0) : 0;
  const next = STATUS_RANK[status] ?? 0;
  // Same rank may still change (e.g. PENDING → APPROVED after the consumer lifts a credit freeze).
  if (next < current || order.applicationStatus === status) return false;
  order.applicationStatus = status;
  if (merchantMessage) order.merchantMessage = merchantMessage;
  if (status === 'INVOICE_PAYMENT_TRANSACTION_AUTHORIZED' && !order.loanStatus)
    order.loanStatus = 'AUTHORIZED';
  if (
    status === 'INVOICE_PAYMENT_TRANSACTION_SETTLED' &&
    (!order.loanStatus || order.loanStatus === 'AUTHORIZED')
  ) {
    order.loanStatus = 'SETTLED';
  }
  return true;
}

export type Tone = 'neutral' | 'progress' | 'success' | 'warning' | 'danger';

/** What the order page shows: a label, a tone, a sentence and what the merchant can do. */
export interface OrderView {
  label: string;
  tone: Tone;
  description: string;
  /** No more changes expected without someone acting (stops the page's polling). */
  settledState: boolean;
  canVoid: boolean;
  canRefund: boolean;
  offerOtherPayment: boolean;
  refundedCents: number;
}

export function describeOrder(order: Order): OrderView {
  const refundedCents = Math.round(order.refunds.reduce((s, r) => s + r.amount, 0) * 100);
  const base = {
    settledState: false,
    canVoid: false,
    canRefund: false,
    offerOtherPayment: false,
    refundedCents,
  };
  if (order.voided || order.loanStatus === 'VOIDED') {
    return {
      ...base,
      label: 'Voided',
      tone: 'neutral',
      description: 'The purchase was voided; the customer owes nothing.',
      settledState: true,
    };
  }
  switch (order.loanStatus) {
    case 'REFUNDED':
      return {
        ...base,
        label: 'Refunded',
        tone: 'neutral',
        description: 'The refund has settled.',
        settledState: true,
      };
    case 'REFUND_IN_PROGRESS':
      return {
        ...base,
        label: 'Refund in progress',
        tone: 'progress',
        description: 'The refund settles with the next batch.',
        settledState: true,
        canRefund: refundedCents < order.totalCents,
      };
    case 'SETTLED':
      return {
        ...base,
        label: 'Settled',
        tone: 'success',
        description: 'Funds settled to the merchant. Refunds (full or partial) are possible.',
        settledState: true,
        canRefund: refundedCents < order.totalCents,
      };
    case 'AUTHORIZED':
      return {
        ...base,
        label: 'Authorized',
        tone: 'success',
        description:
          'Approved and paid with Avvance: the loan is authorized. Ship the order! Void until it settles.',
        settledState: true,
        canVoid: true,
        canRefund: true,
      };
  }
  switch (order.applicationStatus) {
    case 'APPLICATION_STARTED':
      return {
        ...base,
        label: 'Application started',
        tone: 'progress',
        description: 'The customer is filling in the Avvance application.',
      };
    case 'APPLICATION_APPROVED':
      return {
        ...base,
        label: 'Approved',
        tone: 'success',
        description: 'Approved. Waiting for the customer to accept the offer and sign.',
      };
    case 'APPLICATION_PARTIALLY_APPROVED':
      return {
        ...base,
        label: 'Partially approved',
        tone: 'warning',
        description:
          'Approved for less than the order total. The customer may add a co-applicant or pay another way.',
        offerOtherPayment: true,
      };
    case 'APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION':
      return {
        ...base,
        label: 'Pending customer action',
        tone: 'warning',
        description:
          'Avvance needs something from the customer (e.g. lift a credit freeze or verify identity). We keep the order open.',
        settledState: true,
      };
    case 'APPLICATION_DENIED_REQUEST_ALTERNATE_PAYMENT':
      return {
        ...base,
        label: 'Declined',
        tone: 'danger',
        description: 'Avvance could not approve this application. Please choose another payment method.',
        settledState: true,
        offerOtherPayment: true,
      };
    case 'SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT':
      return {
        ...base,
        label: 'Declined (system error)',
        tone: 'danger',
        description: 'Avvance had a problem deciding. Please choose another payment method.',
        settledState: true,
        offerOtherPayment: true,
      };
    case 'APPLICATION_LINK_EXPIRED':
      return {
        ...base,
        label: 'Application expired',
        tone: 'neutral',
        description: 'The application link expired. Start checkout again.',
        settledState: true,
        offerOtherPayment: true,
      };
  }
  return {
    ...base,
    label: order.applicationGUID ? 'Waiting for the application' : 'Created',
    tone: 'progress',
    description: 'The customer has been sent to Avvance to apply.',
  };
}

/** In-memory orders, bounded: the oldest order is dropped once `max` is reached. */
export class OrderStore {
  private readonly orders = new Map<string, Order>();
  private readonly byGuid = new Map<string, string>();

  constructor(private readonly max = 500) {}

  add(order: Order): void {
    if (this.orders.size >= this.max) {
      const oldest = this.orders.keys().next().value;
      if (oldest !== undefined) {
        const o = this.orders.get(oldest);
        if (o?.applicationGUID) this.byGuid.delete(o.applicationGUID);
        this.orders.delete(oldest);
      }
    }
    this.orders.set(order.partnerSessionId, order);
    if (order.applicationGUID) this.byGuid.set(order.applicationGUID, order.partnerSessionId);
  }

  linkGuid(order: Order, applicationGUID: string): void {
    order.applicationGUID = applicationGUID;
    this.byGuid.set(applicationGUID, order.partnerSessionId);
  }

  get(partnerSessionId: string): Order | undefined {
    return this.orders.get(partnerSessionId);
  }

  findByGuid(applicationGUID: string): Order | undefined {
    const id = this.byGuid.get(applicationGUID);
    return id === undefined ? undefined : this.orders.get(id);
  }

  get size(): number {
    return this.orders.size;
  }
}

/** Bounded ring of received webhooks, newest last. */
export class WebhookLog {
  private readonly entries: WebhookLogEntry[] = [];
  private nextId = 1;

  constructor(private readonly max = 200) {}

  add(entry: Omit<WebhookLogEntry, 'id'>): WebhookLogEntry {
    const full = { ...entry, id: this.nextId++ };
    this.entries.push(full);
    if (this.entries.length > this.max) this.entries.splice(0, this.entries.length - this.max);
    return full;
  }

  list(): readonly WebhookLogEntry[] {
    return this.entries;
  }

  byIds(ids: readonly number[]): WebhookLogEntry[] {
    const set = new Set(ids);
    return this.entries.filter((e) => set.has(e.id));
  }
}

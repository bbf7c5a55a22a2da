import type {
  Consumer,
  LoanApplicationStatus,
  LoanStatusEvent,
  LoanSummary,
  MerchantMessage,
  Offer,
  SelectedOffer,
  WebhookAuth,
  WebhookDelivery,
  WebhookEventName,
} from '../../../shared/src/openapi/index.ts';
import { BoundedMap } from './bounded-map.ts';
import type { Clock } from './clock.ts';
import type { SandboxPartnerConfig } from './credentials.ts';
import type { ResolvedSandboxOptions } from './options.ts';

/** Application status, plus the sandbox's pre-webhook state: link issued, consumer not seen yet. */
export type ApplicationState = 'LINK_ISSUED' | LoanApplicationStatus;

/** One refund of a purchase. */
export interface RefundRecord {
  id: string;
  amount: number;
  status: 'IN_PROGRESS' | 'SETTLED' | 'VOIDED';
  createdAt: number;
  settledAt?: number;
  sequenceNumber: number;
}

/** The money side of an authorized application. */
export interface TransactionRecord {
  status: 'AUTHORIZED' | 'SETTLED' | 'VOIDED';
  amount: number;
  authorizedAt: number;
  settledAt?: number;
  voidedAt?: number;
  refunds: RefundRecord[];
  sequenceNumber: number;
}

/** One financing application (create → hosted page → decision → authorization → settlement). */
export interface ApplicationRecord {
  applicationGUID: string;
  partnerId: string;
  partnerSessionId: string;
  merchantId: string;
  invoiceAmount: number;
  invoiceId: string;
  consumer: Consumer | undefined;
  partnerReturnErrorUrl: string | undefined;
  /** Sandbox-only success return URL (metadata `partnerReturnUrl` or top-level `partnerReturnUrl`). */
  returnUrl: string | undefined;
  createdAt: number;
  state: ApplicationState;
  merchantMessage: MerchantMessage | undefined;
  stateAt: number;
  approvedAt?: number;
  approvedAmount?: number;
  offers: Offer[];
  selectedOffer?: SelectedOffer;
  loanSummary?: LoanSummary;
  paymentTransactionId?: string;
  approvalCode?: string;
  terminalId: number;
  /** `Session-ID` of this application's webhooks. */
  sessionId: string;
  lastEvent?: LoanStatusEvent;
  lastDeliveryId?: string;
  txn?: TransactionRecord;
}

/** A merchant of a partner. */
export interface MerchantRecord {
  merchantId: string;
  partnerId: string;
  dbaName: string;
  email: string;
  status: 'PENDING_ENROLLMENT' | 'ACTIVE' | 'UNENROLLED';
  hashedMerchantId: string;
  createdAt: number;
  enrolledProducts: Set<string>;
  lastProductChangeAt?: number;
  nextSequence: number;
}

/** A consumer pre-approval session. */
export interface PreApprovalRecord {
  preApprovalRequestID: string;
  partnerId: string;
  merchantId: string;
  createdAt: number;
  sessionId: string;
  leadid?: string;
  leadstatus?: 'PRE_APPROVED' | 'NOT_APPROVED';
  maxPreApprovedAmount?: number;
  leadExpiresAt?: number;
}

/** Where and how a partner's webhooks are posted. */
export interface WebhookConfigRecord {
  url: string;
  auth: WebhookAuth;
  events: WebhookEventName[];
  updatedAt: number;
}

/** One delivery with its internal bookkeeping. */
export interface DeliveryRecord extends Omit<WebhookDelivery, 'createdAt' | 'nextAttemptAt'> {
  createdAt: number;
  nextAttemptAt?: number;
  applicationGUID?: string;
  sessionId: string;
  timer?: unknown;
}

/** Everything the sandbox knows about one partner. Every collection is bounded. */
export interface PartnerState {
  config: SandboxPartnerConfig;
  applications: BoundedMap<string, ApplicationRecord>;
  /** partnerSessionId → applicationGUID (duplicate detection). */
  sessions: Map<string, string>;
  merchants: BoundedMap<string, MerchantRecord>;
  preApprovals: BoundedMap<string, PreApprovalRecord>;
  deliveries: BoundedMap<string, DeliveryRecord>;
  webhook: WebhookConfigRecord | undefined;
}

/** A live access token. */
export interface TokenRecord {
  partnerId: string;
  expiresAt: number;
}

/** The sandbox's in-memory state: per-partner collections plus live tokens. Nothing touches disk. */
export class SandboxStore {
  readonly partners = new Map<string, PartnerState>();
  readonly tokens: BoundedMap<string, TokenRecord>;

  constructor(opts: ResolvedSandboxOptions) {
    const { clock, limits } = opts;
    this.tokens = new BoundedMap({ cap: limits.tokens, ttlMs: opts.durations.tokenTtlMs, clock });
    for (const config of opts.partners)
      this.partners.set(config.partnerId, createPartnerState(config, opts, clock));
  }

  /** The partner, if configured. */
  partner(partnerId: string): PartnerState | undefined {
    return this.partners.get(partnerId);
  }

  /** Finds an application by GUID across partners (the hosted page and control plane have no token). */
  findApplication(applicationGUID: string): ApplicationRecord | undefined {
    for (const p of this.partners.values()) {
      const app = p.applications.get(applicationGUID);
      if (app) return app;
    }
    return undefined;
  }

  /** Finds a pre-approval by id across partners. */
  findPreApproval(id: string): PreApprovalRecord | undefined {
    for (const p of this.partners.values()) {
      const rec = p.preApprovals.get(id);
      if (rec) return rec;
    }
    return undefined;
  }

  /** Finds a merchant by MID across partners. */
  findMerchant(merchantId: string): MerchantRecord | undefined {
    for (const p of this.partners.values()) {
      const rec = p.merchants.get(merchantId);
      if (rec) return rec;
    }
    return undefined;
  }

  /** Finds a delivery by id across partners. */
  findDelivery(id: string): DeliveryRecord | undefined {
    for (const p of this.partners.values()) {
      const rec = p.deliveries.get(id);
      if (rec) return rec;
    }
    return undefined;
  }
}

function createPartnerState(
  config: SandboxPartnerConfig,
  opts: ResolvedSandboxOptions,
  clock: Clock,
): PartnerState {
  const { limits } = opts;
  const sessions = new Map<string, string>();
  return {
    config,
    sessions,
    applications: new BoundedMap({
      cap: limits.applicationsPerPartner,
      ttlMs: limits.dataTtlMs,
      clock,
      onEvict: (_guid, app) => {
        if (sessions.get(app.partnerSessionId) === app.applicationGUID) sessions.delete(app.partnerSessionId);
      },
    }),
    merchants: new BoundedMap({ cap: limits.merchantsPerPartner, ttlMs: Number.POSITIVE_INFINITY, clock }),
    preApprovals: new BoundedMap({ cap: limits.preApprovalsPerPartner, ttlMs: limits.dataTtlMs, clock }),
    deliveries: new BoundedMap({ cap: limits.deliveriesPerPartner, ttlMs: limits.dataTtlMs, clock }),
    webhook: undefined,
  };
}

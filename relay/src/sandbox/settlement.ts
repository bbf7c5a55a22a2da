import type { SettlementRunResponse } from '../../../shared/src/openapi/index.ts';
import type { SandboxCore } from './core.ts';
import { settleTransaction } from './state-machines.ts';

/**
 * S5: the settlement batch. AUTHORIZED → SETTLED (with an INVOICE_PAYMENT_TRANSACTION_SETTLED webhook) and
 * REFUND_IN_PROGRESS → SETTLED/REFUNDED, optionally for one merchant only.
 */
export function runSettlement(core: SandboxCore, merchantId?: string): SettlementRunResponse {
  const now = core.clock.now();
  const transitions: SettlementRunResponse['transitions'] = [];
  for (const partner of core.store.partners.values()) {
    for (const app of partner.applications.values()) {
      if (!app.txn || (merchantId !== undefined && app.merchantId !== merchantId)) continue;
      const t = settleTransaction(app.txn, now);
      if (!t) continue;
      transitions.push({
        partnerSessionId: app.partnerSessionId,
        applicationGUID: app.applicationGUID,
        from: t.from,
        to: t.to,
      });
      if (t.purchaseSettled) core.emitLoanStatus(app, 'INVOICE_PAYMENT_TRANSACTION_SETTLED');
      else partner.applications.set(app.applicationGUID, app);
    }
  }
  return { settledAt: new Date(now).toISOString(), count: transitions.length, transitions };
}

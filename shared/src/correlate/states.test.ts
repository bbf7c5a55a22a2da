import { describe, expect, it } from 'vitest';
import type { ApplicationState } from '../model/flow.ts';
import { exchange, RELAY } from './__tests__/journey.ts';
import { observeState } from './observe-state.ts';
import {
  APPLICATION_STATES,
  APPLICATION_TRANSITIONS,
  canAdvance,
  stateFromLoanStatus,
  stateFromWebhookStatus,
  stateInfo,
} from './states.ts';

describe('application state machine', () => {
  it('describes every state once, with words for what comes next', () => {
    const states = APPLICATION_STATES.map((s) => s.state);
    expect(new Set(states).size).toBe(states.length);
    expect(Object.keys(APPLICATION_TRANSITIONS).sort()).toEqual([...states].sort());
    for (const s of APPLICATION_STATES) expect(s.expectedNext.length).toBeGreaterThan(0);
    expect(stateInfo('approved').expectedNext[0]).toBe(
      'consumer accepts the offer and e-signs; expect INVOICE_PAYMENT_TRANSACTION_AUTHORIZED',
    );
    expect(stateInfo('authorized').expectedNext[0]).toBe('void before settlement, or wait for settlement');
  });

  it('is acyclic: no state can advance to itself, terminal states go nowhere', () => {
    for (const { state, terminal } of APPLICATION_STATES) {
      expect(canAdvance(state, state)).toBe(false);
      if (terminal) expect(APPLICATION_TRANSITIONS[state]).toEqual([]);
    }
    expect(canAdvance('created', 'settled')).toBe(true);
    expect(canAdvance('settled', 'started')).toBe(false);
    expect(canAdvance('approved', 'denied')).toBe(false);
    expect(canAdvance('unknown', 'refunded')).toBe(true);
    expect(canAdvance('bogus' as ApplicationState, 'created')).toBe(false);
  });

  it('maps Avvance status names case-insensitively', () => {
    expect(stateFromWebhookStatus('APPLICATION_PARTIALLY_APPROVED')).toBe('partially-approved');
    expect(stateFromWebhookStatus('application_link_expired')).toBe('link-expired');
    expect(stateFromWebhookStatus('SYSTEM_ERROR_REQUEST_ALTERNATE_PAYMENT')).toBe('system-error');
    expect(stateFromWebhookStatus('APPLICATION_PENDING_REQUIRE_CUSTOMER_ACTION')).toBe(
      'pending-customer-action',
    );
    expect(stateFromWebhookStatus('NOPE')).toBeNull();
    expect(stateFromLoanStatus('REFUND_IN_PROGRESS')).toBe('refund-in-progress');
    expect(stateFromLoanStatus('REFUNDED')).toBe('refunded');
    expect(stateFromLoanStatus('VOIDED')).toBe('voided');
    expect(stateFromLoanStatus('PENDING')).toBeNull();
  });
});

describe('observeState', () => {
  const notification = (body: unknown, status = 200) =>
    exchange({
      id: 'n',
      url: `${RELAY}/poslp/services/avvance-loan/v1/notification-status`,
      at: 0,
      status,
      responseBody: body,
    });

  it('reads notification-status responses, also as JSON text', () => {
    const body = { eventDetails: { loanStatus: { status: 'INVOICE_PAYMENT_TRANSACTION_SETTLED' } } };
    expect(observeState(notification(body))).toBe('settled');
    expect(observeState(notification(JSON.stringify(body)))).toBe('settled');
    expect(observeState(notification('{broken'))).toBeNull();
    expect(observeState(notification(body, 500))).toBeNull();
    expect(observeState(notification(body, 199))).toBeNull();
  });

  it('ignores errors, unknown statuses, in-flight calls and unrelated paths', () => {
    expect(observeState(notification({ loanStatus: 'WHATEVER' }))).toBeNull();
    expect(observeState(notification({ eventDetails: { loanStatus: { status: 7 } } }))).toBeNull();
    expect(observeState(notification([1, 2]))).toBeNull();
    const errored = notification({ loanStatus: 'SETTLED' });
    errored.response!.error = 'net::ERR_FAILED';
    expect(observeState(errored)).toBeNull();
    expect(
      observeState(
        exchange({ id: 'p', url: `${RELAY}/poslp/services/avvance-loan/v1/create`, at: 0, pending: true }),
      ),
    ).toBeNull();
    expect(observeState(exchange({ id: 'r', url: 'relative/path', at: 0 }))).toBeNull();
    expect(
      observeState(
        exchange({
          id: 'c',
          url: 'http://x/api/avvance/start',
          at: 0,
          responseBody: { consumerOnboardingURL: 'https://u' },
        }),
      ),
    ).toBe('created');
  });
});

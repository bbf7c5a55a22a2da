import type { FastifyRequest } from 'fastify';
import type { FaultSpec } from './faults.ts';
import type { PartnerState } from './store.ts';

/** Per-request sandbox state, kept off the request object (no global type augmentation). */
export interface SandboxRequestState {
  /** Correlation-ID echoed on the response (the caller's, or a fresh one). */
  correlationId: string;
  /** The partner authenticated by the bearer token or Basic credentials. */
  partner?: PartnerState;
  /** Fault to apply to the response (`malformed-json`). */
  fault?: FaultSpec;
}

const states = new WeakMap<FastifyRequest, SandboxRequestState>();

/** The sandbox state of `request` (created on first use). */
export function stateOf(request: FastifyRequest): SandboxRequestState {
  let s = states.get(request);
  if (!s) {
    s = { correlationId: '' };
    states.set(request, s);
  }
  return s;
}

/** The authenticated partner; only call on routes whose hooks authenticated the request. */
export function partnerOf(request: FastifyRequest): PartnerState {
  const partner = stateOf(request).partner;
  if (!partner) throw new Error('sandbox: route used partnerOf() without authentication');
  return partner;
}

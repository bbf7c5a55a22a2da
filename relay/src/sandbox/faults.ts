import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AVVANCE_ERROR_CODES,
  type AvvanceErrorKey,
  avvanceErrorBody,
} from '../../../shared/src/openapi/index.ts';
import { avvanceError } from './errors.ts';

/** A parsed `X-Sandbox-Fault` value. */
export interface FaultSpec {
  /** Delay before the request is handled, ms. */
  latencyMs?: number;
  /** Answer this status (400–599) with an error envelope instead of running the route. */
  status?: number;
  /** Hold the request, then drop the connection without answering. */
  timeout?: boolean;
  /** Drop the connection at once. */
  reset?: boolean;
  /** Run the route, then truncate the JSON body. */
  malformedJson?: boolean;
}

/** Largest accepted `latency`, ms. */
export const MAX_FAULT_LATENCY_MS = 60_000;

/** Name of the fault-injection request header. */
export const FAULT_HEADER = 'x-sandbox-fault';

/**
 * Parses `latency=200`, `status=503`, `timeout`, `reset`, `malformed-json`, or several joined by `,`
 * (e.g. `latency=200,status=503`). Problems are returned, not thrown.
 */
export function parseFaultSpec(text: string): { ok: true; fault: FaultSpec } | { ok: false; reason: string } {
  const fault: FaultSpec = {};
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return { ok: false, reason: 'empty fault spec' };
  for (const part of parts) {
    const [rawName, rawValue] = part.split('=', 2).map((s) => s.trim());
    const name = (rawName ?? '').toLowerCase();
    if (name === 'latency') {
      const ms = Number(rawValue);
      if (!Number.isInteger(ms) || ms < 0 || ms > MAX_FAULT_LATENCY_MS)
        return { ok: false, reason: `latency must be an integer 0–${MAX_FAULT_LATENCY_MS}` };
      fault.latencyMs = ms;
    } else if (name === 'status') {
      const status = Number(rawValue);
      if (!Number.isInteger(status) || status < 400 || status > 599)
        return { ok: false, reason: 'status must be an integer 400–599' };
      fault.status = status;
    } else if (name === 'timeout' && rawValue === undefined) fault.timeout = true;
    else if (name === 'reset' && rawValue === undefined) fault.reset = true;
    else if (name === 'malformed-json' && rawValue === undefined) fault.malformedJson = true;
    else return { ok: false, reason: `unknown fault "${part}"` };
  }
  return { ok: true, fault };
}

/** Status → catalogue entry used for injected error statuses. */
const STATUS_KEYS: Readonly<Record<number, AvvanceErrorKey>> = {
  400: 'invalidRequest',
  401: 'unauthorized',
  404: 'notFound',
  405: 'methodNotAllowed',
  429: 'tooManyRequests',
  500: 'subsystemUnavailable',
  503: 'serviceUnavailable',
};

/** The error body an injected `status=NNN` answers (BaseResponse, or the token endpoint's own shape). */
export function faultBody(status: number, tokenShape: boolean, at: Date): object {
  if (tokenShape)
    return { error: { code: String(status), message: status >= 500 ? 'server_error' : 'invalid_request' } };
  const key = STATUS_KEYS[status];
  if (key)
    return avvanceErrorBody(key, { at, message: `${AVVANCE_ERROR_CODES[key].message} (injected fault)` });
  const body = avvanceErrorBody(status >= 500 ? 'subsystemUnavailable' : 'invalidRequest', {
    at,
    message: `Injected fault: HTTP ${status}`,
  });
  body.error.code = `${status}.44010.${status}0`;
  return body;
}

/** Live resources of held (`timeout`/`latency`) requests, released when the app closes. */
export class FaultResources {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #sockets = new Set<Socket>();
  readonly #waiters = new Set<() => void>();

  /** Real-time delay (fault latency is about the wire, not the sandbox clock). */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#timers.delete(t);
        this.#waiters.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.#timers.add(t);
      this.#waiters.add(done);
    });
  }

  /** Drops `socket` after `ms` (or at close). */
  holdThenDrop(socket: Socket, ms: number): void {
    this.#sockets.add(socket);
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.#sockets.delete(socket);
      socket.destroy();
    }, ms);
    this.#timers.add(t);
  }

  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    for (const w of [...this.#waiters]) w();
  }
}

/**
 * Applies the `X-Sandbox-Fault` header (or the configured `always` spec) to a partner API request.
 * Returns true when the reply was taken over (status, timeout, reset); `malformed-json` is recorded for
 * the onSend hook. A malformed header answers `400.44010.4103`.
 */
export async function applyFault(
  request: FastifyRequest,
  reply: FastifyReply,
  opts: {
    always: string | undefined;
    timeoutMs: number;
    tokenShape: boolean;
    resources: FaultResources;
    now: number;
  },
): Promise<FaultSpec | undefined> {
  const header = request.headers[FAULT_HEADER];
  const text = (Array.isArray(header) ? header[0] : header) ?? opts.always;
  if (text === undefined) return undefined;
  const parsed = parseFaultSpec(text);
  if (!parsed.ok)
    throw avvanceError('fieldFormat', 'Invalid X-Sandbox-Fault', 'X-Sandbox-Fault', parsed.reason);
  const { fault } = parsed;
  if (fault.latencyMs) await opts.resources.delay(fault.latencyMs);
  if (fault.reset) {
    reply.hijack();
    request.raw.socket.destroy();
  } else if (fault.timeout) {
    reply.hijack();
    opts.resources.holdThenDrop(request.raw.socket, opts.timeoutMs);
  } else if (fault.status !== undefined) {
    if (fault.status === 429 || fault.status === 503) reply.header('Retry-After', '1');
    await reply
      .code(fault.status)
      .type('application/json')
      .send(faultBody(fault.status, opts.tokenShape, new Date(opts.now)));
  }
  return fault;
}

import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { BackgroundToPanel, PanelToBackground } from '../background/messages.ts';
import { isRecordedCall, type RecordedCall } from '../background/recorded-call.ts';

/** How far apart (ms) the page's and DevTools' start times of one call may be. */
export const SAME_CALL_TOLERANCE_MS = 1500;

/** How long (ms) a call without a body waits for the page script's copy, when the page runs it. */
export const BODY_WAIT_MS = 3000;

/** Most live page records kept for filling bodies; older ones are forgotten. */
const MAX_LIVE_RECORDS = 100;

/** A `runtime.Port` as the panel uses it (a fake in tests). */
export interface PanelPort {
  postMessage(message: PanelToBackground): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
  disconnect(): void;
}

/** What the background buffered for the inspected tab before the panel connected. */
export interface BufferedCalls {
  /** Masked calls, oldest first. */
  calls: Exchange[];
  /** Calls the bounded buffer dropped. */
  dropped: number;
}

/** What DevTools knows of a call, to find the page's record of it. */
export interface CallQuery {
  method: string;
  url: string;
  /** Epoch ms. */
  startedAt: number;
  /** HTTP status DevTools saw; records with another status are other calls (e.g. a retried form). */
  status?: number;
}

interface Waiter {
  query: CallQuery;
  resolve(call: RecordedCall | undefined): void;
}

/** True when a page record and a DevTools call can be the same call. */
export function sameCall(call: RecordedCall, q: CallQuery): boolean {
  return (
    call.method === q.method.toUpperCase() &&
    call.url === q.url &&
    (q.status === undefined || q.status === call.status) &&
    Math.abs(call.startedAt - q.startedAt) <= SAME_CALL_TOLERANCE_MS
  );
}

/** Index of the record that is `q`'s call and started closest to it, or -1. */
export function closestCall(calls: readonly RecordedCall[], q: CallQuery): number {
  let best = -1;
  for (let i = 0; i < calls.length; i++) {
    const c = calls[i]!;
    if (!sameCall(c, q)) continue;
    if (best < 0 || Math.abs(c.startedAt - q.startedAt) < Math.abs(calls[best]!.startedAt - q.startedAt))
      best = i;
  }
  return best;
}

/**
 * The panel's connection to the background (background capture): the inspected tab's buffered calls
 * (masked, recorded before DevTools opened), and while the panel is open the page script's live
 * records (raw, memory only), used to fill bodies DevTools could not provide.
 */
export class BackgroundLink {
  readonly #buffered: Promise<BufferedCalls>;
  readonly #live: RecordedCall[] = [];
  #waiters: Waiter[] = [];
  #active = false;
  #connected = true;
  readonly #port: PanelPort | undefined;

  /**
   * Connects with `connect()` and subscribes to `tabId`. Without a background (`connect` throws) the
   * link is inert: no buffered calls, no bodies.
   */
  constructor(connect: () => PanelPort, tabId: number) {
    let settle: (b: BufferedCalls) => void = () => {};
    this.#buffered = new Promise((resolve) => {
      settle = resolve;
    });
    let port: PanelPort | undefined;
    try {
      port = connect();
    } catch {
      port = undefined;
    }
    this.#port = port;
    if (!port) {
      this.#connected = false;
      settle({ calls: [], dropped: 0 });
      return;
    }
    port.onMessage.addListener((raw) => this.#receive(raw as BackgroundToPanel, settle));
    port.onDisconnect.addListener(() => {
      this.#connected = false;
      this.#active = false;
      settle({ calls: [], dropped: 0 });
      this.#flushWaiters();
    });
    port.postMessage({ type: 'subscribe', tabId });
  }

  /** The calls the background recorded for the tab before the panel connected (once; later calls are live). */
  buffered(): Promise<BufferedCalls> {
    return this.#buffered;
  }

  /** True while the inspected page runs the page script (its site is opted in and was loaded since). */
  get active(): boolean {
    return this.#active;
  }

  /**
   * The page script's record of a call DevTools reported, for its bodies. Waits up to `waitMs` (default
   * {@link BODY_WAIT_MS}) for it when the page runs the page script; resolves `undefined` at once when it
   * does not. Each record is handed out once.
   */
  recordFor(query: CallQuery, waitMs = BODY_WAIT_MS): Promise<RecordedCall | undefined> {
    const at = closestCall(this.#live, query);
    if (at >= 0) return Promise.resolve(this.#live.splice(at, 1)[0]);
    if (!this.#active || !this.#connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = { query, resolve };
      this.#waiters.push(waiter);
      setTimeout(() => {
        if (!this.#waiters.includes(waiter)) return;
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(undefined);
      }, waitMs);
    });
  }

  /** Disconnects (idempotent). */
  close(): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#port?.disconnect();
    this.#flushWaiters();
  }

  #receive(message: BackgroundToPanel, settle: (b: BufferedCalls) => void): void {
    if (message?.type === 'buffered') {
      this.#active = message.active === true;
      settle({
        calls: Array.isArray(message.calls) ? message.calls.filter((c) => c?.masked === true) : [],
        dropped: Number(message.dropped) || 0,
      });
    } else if (message?.type === 'active') {
      this.#active = true;
    } else if (message?.type === 'live' && isRecordedCall(message.call)) {
      this.#active = true;
      const call = message.call;
      const waiter = this.#waiters.find((w) => sameCall(call, w.query));
      if (waiter) {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        waiter.resolve(call);
        return;
      }
      this.#live.push(call);
      if (this.#live.length > MAX_LIVE_RECORDS) this.#live.shift();
    }
  }

  #flushWaiters(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.resolve(undefined);
  }
}

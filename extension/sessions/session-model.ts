import { batch, createModel, type ReadonlySignal, signal } from '@preact/signals';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type {
  Member,
  ServerMessage,
  Software,
  SubscribeMessage,
  WelcomeMessage,
} from '../../shared/src/protocol/index.ts';
import { PROTOCOL_VERSION } from '../../shared/src/protocol/index.ts';
import { type BackoffOptions, backoffDelay } from './backoff.ts';
import type { AdapterEvent, RelayAdapter } from './relay-adapter.ts';
import {
  createSession,
  getSession,
  parseShareUrl,
  type RelayAccess,
  RelayHttpError,
  type SessionInfo,
  streamUrl,
} from './relay-api.ts';

/** Gap notices kept for display; older ones are forgotten. */
export const MAX_GAP_NOTICES = 20;

/**
 * Connection state shown by the indicator: `offline` (no session), `connecting` (first attempt),
 * `live` (subscribed), `reconnecting` (lost, retrying with backoff), `failed` (given up: the reason is
 * in `error`).
 */
export type ConnectionState = 'offline' | 'connecting' | 'live' | 'reconnecting' | 'failed';

/** Events the user will never see, as the relay reported them. */
export interface GapNotice {
  from: number;
  to: number;
  reason: string;
  /** Epoch ms when the notice arrived. */
  at: number;
}

/** A named filter a teammate shared (`shared-filter`), already masked by the relay. */
export interface SharedFilterNotice {
  name: string;
  query: string;
  /** Display name of the teammate who shared it. */
  from: string;
}

/** Receives filters teammates share. */
export type SharedFilterListener = (filter: SharedFilterNotice) => void;

/** An exchange a teammate (or the relay: proxy, webhook, replay) published, `sentBy` filled in. */
export type ExchangeListener = (exchange: Exchange) => void;

/** Options of {@link SessionModel}. */
export interface SessionModelOptions {
  adapter: RelayAdapter;
  access: RelayAccess;
  /** Sent in `hello`. Defaults to `{ name: 'avvance-panel', version: '0.1.0' }`. */
  client?: Software;
  /** Reconnect backoff. Defaults to 0.5 s doubling to 15 s, 50–100 % jitter. */
  backoff?: BackoffOptions;
  /** Jitter source. Defaults to `Math.random`. */
  random?: () => number;
  /** Clock, epoch ms. Defaults to `Date.now`. */
  now?: () => number;
}

/** Close codes after which retrying cannot help. */
const FATAL_CLOSE_CODES = new Set([1002, 1008, 1009]);
/** Relay error codes that end the session for this client. */
const FATAL_ERRORS = new Set(['session-not-found', 'forbidden', 'handshake-required', 'unsupported-version']);

/** How a gap reads in the indicator, e.g. `12 events missed (backlog evicted)`. */
export function describeGap(gap: GapNotice): string {
  const n = Math.max(0, gap.to - gap.from + 1);
  const why = gap.reason.replace(/-/g, ' ');
  return gap.reason === 'relay-restarted' && n === 0
    ? 'Relay restarted: resumed, nothing missed since'
    : `${n} ${n === 1 ? 'event' : 'events'} missed (${why})`;
}

/**
 * Domain model of the panel's team session: start/join/leave, members, connection state with
 * auto-reconnect (backoff + jitter) and resume from the last `seq` and epoch, gap notices, and the
 * stream of teammates' exchanges. Protocol: docs/protocol.md.
 */
export const SessionModel = createModel((options: SessionModelOptions) => {
  const { adapter, access } = options;
  const client = options.client ?? { name: 'avvance-panel', version: '0.1.0' };
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  const session = signal<SessionInfo | undefined>(undefined, { name: 'session.info' });
  const state = signal<ConnectionState>('offline', { name: 'session.state' });
  const members = signal<readonly Member[]>([], { name: 'session.members' });
  const gaps = signal<readonly GapNotice[]>([], { name: 'session.gaps' });
  const error = signal<string | undefined>(undefined, { name: 'session.error' });
  const me = signal<WelcomeMessage | undefined>(undefined, { name: 'session.me' });
  const retryInMs = signal<number | undefined>(undefined, { name: 'session.retryInMs' });
  const received = signal(0, { name: 'session.received' });

  const listeners = new Set<ExchangeListener>();
  const filterListeners = new Set<SharedFilterListener>();
  // Our own connections (one per reconnect): their events are ours, already in the local list.
  const ownConnections = new Set<string>();
  const seenExchangeIds = new Set<string>();
  let relayUrl = '';
  let epoch: string | undefined;
  let lastSeq: number | undefined;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingToken: string | undefined;
  // Bumped by join/leave so a stale async connect attempt gives up.
  let generation = 0;

  const fail = (message: string): void => {
    batch(() => {
      state.value = 'failed';
      error.value = message;
      retryInMs.value = undefined;
    });
    adapter.disconnect();
  };

  const scheduleReconnect = (): void => {
    if (retryTimer !== undefined) return;
    const delay = backoffDelay(attempt++, random, options.backoff);
    batch(() => {
      state.value = 'reconnecting';
      retryInMs.value = delay;
    });
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect(generation);
    }, delay);
  };

  async function connect(gen: number): Promise<void> {
    let current = session.peek();
    if (!current) return;
    let token: string;
    try {
      // Checks the session still exists (a clear 404/403 instead of endless retries) and warms the token.
      // A relay-named session (`default`) is recreated on demand by name after a restart, same id.
      const lookup = current.createdBy === 'relay' ? current.name : current.id;
      const fresh = await getSession(access, lookup);
      if (fresh.id !== current.id) {
        // A relay restarted without a fixed JWT secret derives a new id for its named session: to the user
        // it is still the relay stream, so follow it from its start, with a restart notice.
        if (current.createdBy !== 'relay' || fresh.createdBy !== 'relay' || fresh.name !== current.name)
          throw new RelayHttpError(404, 'SESSION_GONE', 'session id changed');
        if (gen !== generation) return;
        const restarted = { from: 1, to: 0, reason: 'relay-restarted', at: now() };
        batch(() => {
          session.value = fresh;
          gaps.value = [...gaps.value, restarted].slice(-MAX_GAP_NOTICES);
        });
        epoch = undefined;
        lastSeq = undefined;
        current = fresh;
      }
      token = await access.token();
    } catch (e: unknown) {
      if (gen !== generation) return;
      if (e instanceof RelayHttpError && (e.status === 404 || e.status === 403)) {
        fail(e.status === 404 ? 'The session no longer exists on the relay' : 'Not allowed in this session');
        return;
      }
      // 401: the token is stale (e.g. the relay restarted with a new secret); sign in again next time.
      if (e instanceof RelayHttpError && e.status === 401) access.invalidate?.();
      if (e instanceof RelayHttpError || e instanceof TypeError) error.value = e.message;
      else if (e instanceof Error) error.value = e.message;
      scheduleReconnect();
      return;
    }
    if (gen !== generation) return;
    pendingToken = token;
    adapter.connect(streamUrl(relayUrl, current.id, token));
  }

  const onEvent = (event: AdapterEvent): void => {
    const current = session.peek();
    if (!current) return;
    switch (event.type) {
      case 'open':
        adapter.send({
          v: PROTOCOL_VERSION,
          type: 'hello',
          id: 'hello',
          client,
          ...(pendingToken ? { token: pendingToken } : {}),
        });
        return;
      case 'message':
        onMessage(current, event.message);
        return;
      case 'invalid':
        return; // A frame we cannot read is skipped; the stream goes on.
      case 'close':
        if (FATAL_CLOSE_CODES.has(event.code))
          fail(`Relay closed the stream (${event.code} ${event.reason})`);
        else {
          if (event.code === 4401) access.invalidate?.();
          scheduleReconnect();
        }
        return;
    }
  };
  adapter.onMessage(onEvent);

  function onMessage(current: SessionInfo, m: ServerMessage): void {
    switch (m.type) {
      case 'welcome': {
        me.value = m;
        ownConnections.add(m.connectionId);
        const subscribe: SubscribeMessage = {
          v: PROTOCOL_VERSION,
          type: 'subscribe',
          id: 'subscribe',
          session: current.id,
          // First join: the retained backlog (what the team did before we came); later: resume.
          resumeFrom: lastSeq ?? 0,
          ...(epoch ? { epoch } : {}),
        };
        adapter.send(subscribe);
        return;
      }
      case 'subscribed':
        attempt = 0;
        batch(() => {
          state.value = 'live';
          error.value = undefined;
          retryInMs.value = undefined;
          members.value = m.members;
        });
        // A new epoch means the relay lost its memory: the old position is void (a gap says so).
        if (epoch !== undefined && epoch !== m.epoch) lastSeq = 0;
        epoch = m.epoch;
        lastSeq ??= 0;
        return;
      case 'gap':
        if (m.session !== current.id) return;
        gaps.value = [...gaps.value, { from: m.from, to: m.to, reason: m.reason, at: now() }].slice(
          -MAX_GAP_NOTICES,
        );
        if (m.reason === 'relay-restarted') lastSeq = m.to;
        else lastSeq = Math.max(lastSeq ?? 0, m.to);
        return;
      case 'event': {
        if (m.session !== current.id) return;
        if (lastSeq !== undefined && m.seq <= lastSeq) return; // duplicate after a resume
        lastSeq = m.seq;
        received.value++;
        if (ownConnections.has(m.sentBy.id)) return;
        // A later event with the same id is an update; the capture list keeps the first (see docs).
        if (seenExchangeIds.has(m.exchange.id)) return;
        seenExchangeIds.add(m.exchange.id);
        const exchange: Exchange = { ...m.exchange, sentBy: m.sentBy.name };
        for (const l of [...listeners]) l(exchange);
        return;
      }
      case 'presence':
        if (m.session === current.id) members.value = m.members;
        return;
      case 'shared-filter': {
        if (m.session !== current.id || ownConnections.has(m.sentBy.id)) return;
        const notice: SharedFilterNotice = { name: m.name, query: m.query, from: m.sentBy.name };
        for (const l of [...filterListeners]) l(notice);
        return;
      }
      case 'error':
        if (FATAL_ERRORS.has(m.code) && (m.session === undefined || m.session === current.id))
          fail(m.message || m.code);
        else if (m.code === 'unauthorized') access.invalidate?.();
        else if (m.code !== 'server-shutting-down') error.value = m.message;
        return;
      case 'ack':
      case 'pong':
        return;
    }
  }

  const reset = (): void => {
    generation++;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    adapter.disconnect();
    attempt = 0;
    epoch = undefined;
    lastSeq = undefined;
    seenExchangeIds.clear();
  };

  async function open(info: SessionInfo, url: string): Promise<void> {
    const gen = generation;
    batch(() => {
      session.value = info;
      state.value = 'connecting';
      members.value = [];
      gaps.value = [];
      error.value = undefined;
      received.value = 0;
    });
    relayUrl = url;
    await connect(gen);
  }

  return {
    /** The joined session, `undefined` when not in one. */
    session: session as ReadonlySignal<SessionInfo | undefined>,
    /** Connection state for the indicator. */
    state: state as ReadonlySignal<ConnectionState>,
    /** Who is in the session (one entry per connection). */
    members: members as ReadonlySignal<readonly Member[]>,
    /** Gap notices since joining, latest last (at most {@link MAX_GAP_NOTICES}). */
    gaps: gaps as ReadonlySignal<readonly GapNotice[]>,
    /** Last problem (join refused, relay unreachable…); cleared when live again. */
    error: error as ReadonlySignal<string | undefined>,
    /** This connection and its user, once welcomed. */
    me: me as ReadonlySignal<WelcomeMessage | undefined>,
    /** Delay of the pending reconnect attempt, ms. */
    retryInMs: retryInMs as ReadonlySignal<number | undefined>,
    /** Events received since joining (own ones included). */
    received: received as ReadonlySignal<number>,

    /** Joins the session a share URL (or id, or `default`) names. Never throws: problems land in `error`. */
    async join(shareUrlOrId: string): Promise<boolean> {
      const target = parseShareUrl(shareUrlOrId);
      if (!target.ok) {
        error.value = target.reason;
        return false;
      }
      reset();
      const gen = generation;
      try {
        const base = target.relayUrl ?? (await access.relayUrl());
        const info = await getSession(access, target.sessionId);
        if (gen !== generation) return false;
        await open(info, base);
        return true;
      } catch (e: unknown) {
        if (gen === generation) fail(e instanceof Error ? e.message : String(e));
        return false;
      }
    },
    /** Starts a new session (`POST /v1/sessions`, optional `name`) and joins it. Never throws. */
    async start(name?: string): Promise<boolean> {
      reset();
      const gen = generation;
      try {
        const info = await createSession(access, name);
        if (gen !== generation) return false;
        await open(info, await access.relayUrl());
        return true;
      } catch (e: unknown) {
        if (gen === generation) fail(e instanceof Error ? e.message : String(e));
        return false;
      }
    },
    /** Leaves the session (closes the socket with 1000). */
    leave(): void {
      reset();
      batch(() => {
        session.value = undefined;
        state.value = 'offline';
        members.value = [];
        gaps.value = [];
        error.value = undefined;
        retryInMs.value = undefined;
      });
    },
    /** Reconnects now instead of waiting for the backoff (the "Retry" button). */
    retryNow(): void {
      if (!session.peek()) return;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      state.value = 'connecting';
      void connect(generation);
    },
    /** Shares a masked exchange with the session; false when not live. */
    publish(exchange: Exchange): boolean {
      const current = session.peek();
      if (!current || state.peek() !== 'live' || !exchange.masked) return false;
      const { sentBy: _drop, ...rest } = exchange;
      return adapter.send({
        v: PROTOCOL_VERSION,
        type: 'publish',
        session: current.id,
        exchange: { ...rest, masked: true },
      });
    },
    /**
     * Shares a named filter with the session (`share-filter`); false when not live. The caller checks
     * the text first (length, no PII): the relay masks it again anyway.
     */
    shareFilter(filter: { name: string; query: string }): boolean {
      const current = session.peek();
      if (!current || state.peek() !== 'live') return false;
      return adapter.send({
        v: PROTOCOL_VERSION,
        type: 'share-filter',
        session: current.id,
        name: filter.name,
        query: filter.query,
      });
    },
    /** Receives filters teammates share; returns the unsubscribe function. */
    onSharedFilter(listener: SharedFilterListener): () => void {
      filterListeners.add(listener);
      return () => filterListeners.delete(listener);
    },
    /** Receives teammates' exchanges; returns the unsubscribe function. */
    onExchange(listener: ExchangeListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Forgets the gap notices shown. */
    dismissGaps(): void {
      gaps.value = [];
    },
  };
});

/** An instance of {@link SessionModel}. */
export type SessionModelInstance = InstanceType<typeof SessionModel>;

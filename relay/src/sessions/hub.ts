import type { Exchange } from '../../../shared/src/model/exchange.ts';
import type { MemberRef } from '../../../shared/src/protocol/common-schema.ts';
import type { RelayUser, SessionPublisher } from '../types.ts';
import type { BacklogLimits } from './backlog.ts';
import { namedSessionId, newSessionId } from './ids.ts';
import { NO_METRICS, type SessionMetrics } from './metrics.ts';
import { Session } from './session.ts';

/** Options of {@link SessionHub}. */
export interface SessionHubOptions {
  /** Public origin for share URLs (`<publicUrl>/s/<id>`). */
  publicUrl: string;
  /** Backlog bounds per session (config `limits.backlogEvents` / `limits.backlogBytes`). */
  backlog: BacklogLimits;
  /** A session with no members and no events for this long is dropped, in ms. Defaults to 30 minutes. */
  idleMs?: number;
  /** Key that makes named-session ids (`default`) stable per relay yet unguessable. Defaults to random. */
  namedKey: string;
  /** Most sessions in memory; creating more fails. Defaults to 10 000. */
  maxSessions?: number;
  /** Clock, epoch ms. Defaults to `Date.now`. */
  now?: () => number;
  metrics?: SessionMetrics;
}

/** Default idle expiry: 30 minutes. */
export const DEFAULT_IDLE_MS = 30 * 60_000;
/** Default cap on sessions in memory. */
export const DEFAULT_MAX_SESSIONS = 10_000;
/** Most remembered named-session ids (so an expired `default` comes back under the same id). */
const MAX_NAMED_IDS = 10_000;

/** Thrown by {@link SessionHub.create} when `maxSessions` is reached. */
export class TooManySessionsError extends Error {
  override readonly name = 'TooManySessionsError';
}

/**
 * All team sessions of this relay, in memory only. Implements {@link SessionPublisher} for server-side
 * publishers (replay, proxy, webhooks). Idle sessions are swept by an unref'd timer cleared by `close()`.
 */
export class SessionHub implements SessionPublisher {
  readonly #sessions = new Map<string, Session>();
  readonly #named = new Map<string, { partnerId: string; name: string }>();
  readonly #opts: Required<Omit<SessionHubOptions, 'metrics'>>;
  readonly metrics: SessionMetrics;
  #sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(opts: SessionHubOptions) {
    const idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
    if (!(idleMs > 0)) throw new RangeError('sessions idleMs must be > 0');
    this.#opts = {
      publicUrl: opts.publicUrl,
      backlog: opts.backlog,
      idleMs,
      namedKey: opts.namedKey,
      maxSessions: opts.maxSessions ?? DEFAULT_MAX_SESSIONS,
      now: opts.now ?? Date.now,
    };
    this.metrics = opts.metrics ?? NO_METRICS;
    this.#sweeper = setInterval(() => this.sweep(), Math.min(idleMs, 60_000));
    this.#sweeper.unref();
  }

  /** Public origin used in share URLs. */
  get publicUrl(): string {
    return this.#opts.publicUrl;
  }

  /** Number of sessions in memory. */
  get size(): number {
    return this.#sessions.size;
  }

  /** Creates a session with a random unguessable id for the user's partner. */
  create(user: RelayUser, name?: string): Session {
    const id = newSessionId();
    return this.#add(id, user.partnerId, name ?? `${user.name}'s session`, user.sub);
  }

  /**
   * The session with this id, recreating a partner's named session (e.g. `default`) that expired, under
   * the same id and a new epoch.
   */
  get(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session) return session;
    const named = this.#named.get(id);
    return named ? this.named(named.partnerId, named.name) : undefined;
  }

  /** The partner's named session (created on demand), e.g. its `default` session. */
  named(partnerId: string, name: string): Session {
    const id = namedSessionId(this.#opts.namedKey, partnerId, name);
    const existing = this.#sessions.get(id);
    if (existing) return existing;
    if (!this.#named.has(id)) {
      if (this.#named.size >= MAX_NAMED_IDS) this.#named.delete(this.#named.keys().next().value!);
      this.#named.set(id, { partnerId, name });
    }
    return this.#add(id, partnerId, name, 'relay');
  }

  /** Sessions the user may see: their partner's; every session for admins. */
  list(user: RelayUser): Session[] {
    return [...this.#sessions.values()].filter((s) => s.canAccess(user));
  }

  /** Removes a session; its subscribers are told by the caller (see the WS route). */
  delete(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session) this.#sessions.delete(id);
    this.#named.delete(id);
    return session;
  }

  /**
   * Publishes a server-side exchange (replay, proxy, webhook). `sessionId` is a session id, or the name of
   * one of the partner's named sessions (created on demand). `undefined` when the session belongs to
   * another partner.
   */
  publish(partnerId: string, sessionId: string, exchange: Exchange, sentBy: RelayUser): number | undefined {
    let session = this.get(sessionId);
    if (session && session.partnerId !== partnerId) return undefined;
    session ??= this.named(partnerId, sessionId);
    const ref: MemberRef = {
      id: 'relay',
      userId: sentBy.sub.slice(0, 128),
      name: sentBy.name.slice(0, 128) || 'relay',
    };
    const { seq } = session.publish(exchange, ref);
    this.metrics.broadcast(session.memberCount);
    return seq;
  }

  /** Drops idle sessions (no members, no events for `idleMs`). */
  sweep(): void {
    for (const [id, session] of this.#sessions) {
      if (session.isIdle(this.#opts.idleMs)) this.#sessions.delete(id);
    }
  }

  /** Every session (shutdown). */
  all(): Session[] {
    return [...this.#sessions.values()];
  }

  /** Stops the sweeper and forgets every session. */
  close(): void {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    this.#sessions.clear();
    this.#named.clear();
  }

  #add(id: string, partnerId: string, name: string, createdBy: string): Session {
    if (this.#sessions.size >= this.#opts.maxSessions) {
      this.sweep();
      if (this.#sessions.size >= this.#opts.maxSessions)
        throw new TooManySessionsError(`at most ${this.#opts.maxSessions} sessions`);
    }
    const session = new Session({
      id,
      partnerId,
      name: name.slice(0, 128),
      createdBy,
      backlog: this.#opts.backlog,
      now: this.#opts.now,
    });
    this.#sessions.set(id, session);
    return session;
  }
}

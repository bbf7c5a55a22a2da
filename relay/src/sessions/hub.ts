import type { Exchange } from '../../../shared/src/model/exchange.ts';
import type { MemberRef } from '../../../shared/src/protocol/common-schema.ts';
import { asError } from '../../../shared/src/util/error.ts';
import {
  type Backplane,
  MemoryBackplane,
  metaOf,
  type SessionMeta,
  type SharedEntry,
} from '../backplane/types.ts';
import type { RelayUser, SessionInfo, SessionPublisher } from '../types.ts';
import type { BacklogLimits } from './backlog.ts';
import { namedSessionId, newSessionId } from './ids.ts';
import { NO_METRICS, type SessionMetrics } from './metrics.ts';
import { type EventDraft, Session } from './session.ts';

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
  /**
   * Link to the other relay instances (relay/src/backplane). Defaults to the in-memory backplane: this
   * process only, the single-instance behaviour.
   */
  backplane?: Backplane;
  /** Warnings about the backplane (a failed background registration). */
  warn?: (obj: object, msg: string) => void;
  /** A session was deleted on another instance: its subscribers here are told (the WS registry). */
  onRemoteDelete?: (id: string) => void;
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
  /** `partnerId \0 name` → named-session id: the HMAC is computed once, not on every publish. */
  readonly #namedIds = new Map<string, string>();
  readonly #opts: Required<Omit<SessionHubOptions, 'metrics' | 'backplane' | 'warn' | 'onRemoteDelete'>>;
  readonly metrics: SessionMetrics;
  readonly #bp: Backplane;
  readonly #warn: (obj: object, msg: string) => void;
  readonly #onRemoteDelete: (id: string) => void;
  readonly #claims = new Map<string, Promise<unknown>>();
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
    this.#bp = opts.backplane ?? new MemoryBackplane();
    this.#warn = opts.warn ?? (() => undefined);
    this.#onRemoteDelete = opts.onRemoteDelete ?? (() => undefined);
    if (this.#bp.shared) {
      this.#bp.attach(
        {
          local: (id) => this.#sessions.get(id),
          sessions: () => [...this.#sessions.values()],
          remoteDeleted: (id) => {
            if (this.#sessions.has(id)) this.#onRemoteDelete(id);
            this.#sessions.delete(id);
          },
        },
        { ttlSeconds: idleMs / 1000, maxEvents: opts.backlog.maxEvents },
      );
    }
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

  /**
   * Makes a partner's named session id known without creating the session, so a relay restarted with the
   * same key resolves the stable id clients resume with (they then get a `relay-restarted` gap).
   */
  knowNamed(partnerId: string, name: string): void {
    this.#rememberNamed(this.#namedId(partnerId, name), partnerId, name);
  }

  /** {@link namedSessionId} with this hub's key, cached (bounded like the named-session map). */
  #namedId(partnerId: string, name: string): string {
    const key = `${partnerId}\u0000${name}`;
    let id = this.#namedIds.get(key);
    if (id === undefined) {
      id = namedSessionId(this.#opts.namedKey, partnerId, name);
      if (this.#namedIds.size >= MAX_NAMED_IDS) this.#namedIds.delete(this.#namedIds.keys().next().value!);
      this.#namedIds.set(key, id);
    }
    return id;
  }

  /** The partner's named session (created on demand), e.g. its `default` session. */
  named(partnerId: string, name: string): Session {
    const id = this.#namedId(partnerId, name);
    const existing = this.#sessions.get(id);
    if (existing) return existing;
    this.#rememberNamed(id, partnerId, name);
    return this.#add(id, partnerId, name, 'relay');
  }

  #rememberNamed(id: string, partnerId: string, name: string): void {
    if (!this.#named.has(id)) {
      if (this.#named.size >= MAX_NAMED_IDS) this.#named.delete(this.#named.keys().next().value!);
      this.#named.set(id, { partnerId, name });
    }
  }

  /** Loads a session another instance created into this instance's memory; false when Redis has none. */
  async #mirror(id: string): Promise<boolean> {
    const loaded = await this.#bp.load(id);
    if (!loaded) return false;
    if (!this.#sessions.has(id)) this.#fromMeta(loaded.meta, loaded.entries);
    (this.#bp as { loaded?: (id: string) => void }).loaded?.(id);
    return true;
  }

  #fromMeta(meta: SessionMeta, entries: SharedEntry[]): Session {
    const first = entries[0]?.seq ?? meta.head + 1;
    const session = this.#add(meta.id, meta.partnerId, meta.name, meta.createdBy, {
      epoch: meta.epoch,
      salt: meta.salt,
      head: Math.max(0, first - 1),
      createdAt: meta.createdAt,
    });
    for (const e of entries) session.accept(e.seq, e.frame);
    if (session.head < meta.head) session.lost(session.head + 1, meta.head, 'backplane-lost');
    return session;
  }

  /** The backplane this hub uses (`shared` false: single instance). */
  get backplane(): Backplane {
    return this.#bp;
  }

  /**
   * Shared backplane only: makes `id` available in this instance's memory before a synchronous lookup —
   * loads a session another instance created (with its retained events, for resume), or claims the
   * partner's named session (`defaultName`) atomically so every instance agrees on its epoch. A no-op
   * in memory mode or when the session is already here.
   */
  async prepare(id: string, partnerId?: string, defaultName?: string): Promise<void> {
    if (!this.#bp.shared || this.#sessions.has(id) || !this.#bp.healthy) return;
    try {
      if (await this.#mirror(id)) return;
      if (partnerId === undefined || partnerId === '' || defaultName === undefined) return;
      const namedId = this.#namedId(partnerId, id === defaultName ? id : defaultName);
      if (id !== defaultName && id !== namedId) return;
      if (this.#sessions.has(namedId) || (await this.#mirror(namedId))) return;
      const claimed = await this.#bp.claim({
        ...metaOf(
          new Session({
            id: namedId,
            partnerId,
            name: defaultName,
            createdBy: 'relay',
            backlog: this.#opts.backlog,
            now: this.#opts.now,
          }),
        ),
      });
      if (claimed && !this.#sessions.has(namedId)) this.#fromMeta(claimed, []);
      this.#rememberNamed(namedId, partnerId, defaultName);
    } catch (e: unknown) {
      this.#warn(
        { err: asError(e), sessionId: id },
        'backplane: could not load the session; using local state',
      );
    }
  }

  /** Resolves once a session created here is known to every instance (shared backplane). */
  async settled(id: string): Promise<void> {
    await this.#claims.get(id);
  }

  /** Sessions the user may see across every instance (shared backplane), else {@link list}. */
  async listShared(user: RelayUser): Promise<SessionInfo[]> {
    const local = this.list(user).map((s) => s.info(this.publicUrl));
    if (!this.#bp.shared) return local;
    const seen = new Set(local.map((s) => s.id));
    let remote: SessionMeta[] = [];
    try {
      remote = await this.#bp.list();
    } catch (e: unknown) {
      this.#warn({ err: asError(e) }, 'backplane: listing shared sessions failed; listing local ones');
    }
    for (const m of remote) {
      if (seen.has(m.id) || (user.role !== 'admin' && user.partnerId !== m.partnerId)) continue;
      local.push({
        id: m.id,
        partnerId: m.partnerId,
        name: m.name,
        shareUrl: `${this.publicUrl.replace(/\/+$/, '')}/s/${m.id}`,
        createdBy: m.createdBy,
        createdAt: m.createdAt,
        head: m.head,
        members: 0,
      });
    }
    return local;
  }

  /**
   * {@link publish}, resolving with the `seq` in both modes (with a shared backplane the `seq` comes from
   * Redis, so the synchronous {@link publish} answers `undefined` there).
   */
  async publishAsync(
    partnerId: string,
    sessionId: string,
    exchange: Exchange,
    sentBy: RelayUser,
  ): Promise<number | undefined> {
    if (!this.#bp.shared) return this.publish(partnerId, sessionId, exchange, sentBy);
    await this.prepare(sessionId, partnerId, sessionId);
    return new Promise((resolve) => {
      const seq = this.#publish(partnerId, sessionId, exchange, sentBy, (n) => resolve(n));
      if (seq === null) resolve(undefined);
    });
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
    if (this.#bp.shared) this.#bp.deleted(id);
    return session;
  }

  /**
   * Publishes a server-side exchange (replay, proxy, webhook). `sessionId` is a session id, or the name of
   * one of the partner's named sessions (created on demand). `undefined` when the session belongs to
   * another partner.
   */
  publish(partnerId: string, sessionId: string, exchange: Exchange, sentBy: RelayUser): number | undefined {
    return this.#publish(partnerId, sessionId, exchange, sentBy) ?? undefined;
  }

  /** `null`: not published (another partner's session); `undefined`: the seq comes later (backplane). */
  #publish(
    partnerId: string,
    sessionId: string,
    exchange: Exchange,
    sentBy: RelayUser,
    onSeq?: (seq: number) => void,
  ): number | undefined | null {
    let session = this.get(sessionId);
    if (session && session.partnerId !== partnerId) return null;
    session ??= this.named(partnerId, sessionId);
    const ref: MemberRef = {
      id: 'relay',
      userId: sentBy.sub.slice(0, 128),
      name: sentBy.name.slice(0, 128) || 'relay',
    };
    const published = session.publish(exchange, ref, onSeq);
    this.metrics.broadcast(session.memberCount);
    return published?.seq;
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
    this.#namedIds.clear();
  }

  #add(
    id: string,
    partnerId: string,
    name: string,
    createdBy: string,
    shared?: { epoch: string; salt: string; head: number; createdAt: string },
  ): Session {
    if (this.#sessions.size >= this.#opts.maxSessions) {
      this.sweep();
      if (this.#sessions.size >= this.#opts.maxSessions)
        throw new TooManySessionsError(`at most ${this.#opts.maxSessions} sessions`);
    }
    const bp = this.#bp;
    const session: Session = new Session({
      id,
      partnerId,
      name: name.slice(0, 128),
      createdBy,
      backlog: this.#opts.backlog,
      now: this.#opts.now,
      ...shared,
      ...(bp.shared ? { append: (draft: EventDraft) => bp.append(session, draft) } : {}),
    });
    this.#sessions.set(id, session);
    // Created here (not mirrored): make it known to every instance, in the background.
    if (bp.shared && !shared) {
      const claim = bp
        .claim(metaOf(session))
        .catch((e: unknown) =>
          this.#warn({ err: asError(e), sessionId: id }, 'backplane: could not share the new session'),
        )
        .finally(() => this.#claims.delete(id));
      this.#claims.set(id, claim);
    }
    return session;
  }
}

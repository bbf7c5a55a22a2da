/**
 * Redis backplane: several relay instances share team sessions through one Redis (no persistence needed).
 *
 * - Sequence numbers: a Lua script per event takes `head + 1` from the session's hash, appends the frame
 *   to the session's stream (`XADD <seq>-1 … MAXLEN ~ backlogEvents`, `EXPIRE` = idle timeout) and
 *   `PUBLISH`es it, atomically: one order for every instance.
 * - Delivery: each instance subscribes to one channel and delivers, in `seq` order, the events of the
 *   sessions it holds in memory (a short reorder buffer; a hole still open after `holeTimeoutMs` is read
 *   back with `XRANGE`, and what Redis no longer has becomes a live `gap` with reason `backplane-lost`).
 * - Resume on any instance: a session unknown here is loaded (hash + `XREVRANGE`) before the subscribe.
 * - Outage: `healthy` goes false (readiness 503), publishes are delivered on this instance only; when
 *   both connections are back, each local session is restored in Redis (`head = max(redis, local)`,
 *   metadata recreated if Redis restarted empty) and its missing range read back or reported as a gap.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';
import { asError } from '../../../shared/src/util/error.ts';
import type { EventDraft, Session } from '../sessions/session.ts';
import {
  type Backplane,
  type BackplaneAttachOptions,
  type BackplaneHost,
  metaOf,
  type SessionMeta,
  type SharedEntry,
} from './types.ts';

/** Options of {@link RedisBackplane}. */
export interface RedisBackplaneOptions {
  /** `redis://` or `rediss://` URL (config `redisUrl`, `RELAY_REDIS_URL`). */
  url: string;
  log: FastifyBaseLogger;
  /** Prefix of every key and channel. Defaults to `avw:`. */
  keyPrefix?: string;
  /** How long an out-of-order event waits for the missing ones before they are read back, ms. Default 500. */
  holeTimeoutMs?: number;
  /** Health and TTL-refresh tick, ms. Defaults to 1 000. */
  tickMs?: number;
  /** Called when `healthy` changes. */
  onHealth?: (healthy: boolean) => void;
  /** Called with the number of events reported lost (`backplane-lost` gaps). */
  onLost?: (events: number) => void;
  /** Extra ioredis options (tests). */
  redis?: RedisOptions;
}

/** Shared by the append and ensure scripts: `head` = max(hash head, caller's head, newest stream id). */
const HEAD = `
local head = tonumber(redis.call('HGET', KEYS[1], 'head') or '0')
local mine = tonumber(ARGV[1])
if mine > head then head = mine end
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
if last[1] then
  local s = tonumber(string.match(last[1][1], '^(%d+)'))
  if s > head then head = s end
end
`;

/**
 * KEYS: meta, stream. ARGV: 1 local head, 2 ttl s, 3 maxlen, 4 channel, 5 header, 6 prefix, 7 suffix,
 * 8… meta field/value pairs (set when the hash is missing, e.g. after a Redis restart). Returns the seq.
 */
const APPEND = `${HEAD}
head = head + 1
for i = 8, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'head', head)
local frame = ARGV[6] .. head .. ARGV[7]
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], head .. '-1', 'f', frame)
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[4], ARGV[5] .. '\\n' .. head .. '\\n' .. frame)
return head
`;

/** KEYS: meta, stream. ARGV: 1 local head, 2 ttl s, 3… meta pairs (create-if-absent). Returns HGETALL. */
const ENSURE = `${HEAD}
for i = 3, #ARGV, 2 do redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'head', head)
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return redis.call('HGETALL', KEYS[1])
`;

interface Scripted {
  avwAppend(...args: (string | number | Buffer)[]): Promise<number>;
  avwEnsure(...args: (string | number)[]): Promise<string[]>;
}

const META_FIELDS = ['id', 'partnerId', 'name', 'createdBy', 'createdAt', 'epoch', 'salt'] as const;

function metaPairs(meta: SessionMeta): string[] {
  return META_FIELDS.flatMap((f) => [f, meta[f]]);
}

function parseMeta(flat: string[] | Record<string, string>): SessionMeta | undefined {
  const h: Record<string, string> = {};
  if (Array.isArray(flat)) for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
  else Object.assign(h, flat);
  if (!h['id'] || !h['epoch'] || !h['salt'] || h['partnerId'] === undefined) return undefined;
  return {
    id: h['id'],
    partnerId: h['partnerId'],
    name: h['name'] ?? '',
    createdBy: h['createdBy'] ?? 'relay',
    createdAt: h['createdAt'] ?? new Date(0).toISOString(),
    epoch: h['epoch'],
    salt: h['salt'],
    head: Number(h['head'] ?? 0) || 0,
  };
}

/** Redis implementation of {@link Backplane} (ioredis: one command connection, one subscriber). */
export class RedisBackplane implements Backplane {
  readonly shared = true;
  readonly kind = 'redis' as const;
  /** This instance's id in published messages (its own events come back through the script reply). */
  readonly instanceId = randomBytes(6).toString('hex');
  /** `instanceId` as bytes: messages are matched without decoding them. */
  readonly #instanceBytes = Buffer.from(this.instanceId, 'latin1');
  /** The command connection; also the store of the shared rate limits (@fastify/rate-limit `redis`). */
  readonly client: Redis;
  readonly #sub: Redis;
  readonly #log: FastifyBaseLogger;
  readonly #prefix: string;
  readonly #events: string;
  readonly #control: string;
  readonly #eventsBytes: Buffer;
  readonly #holeTimeoutMs: number;
  readonly #opts: RedisBackplaneOptions;
  #host: BackplaneHost | undefined;
  #ttlSeconds = 1800;
  #maxEvents = 1000;
  #healthy = false;
  #recovering = false;
  #warned = false;
  #lastRefresh = 0;
  /** Until then, each tick compares heads with Redis (instances recover in any order). */
  #verifyUntil = 0;
  #closed = false;
  readonly #pending = new Map<string, Map<number, Buffer>>();
  readonly #holes = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #loading = new Map<string, Map<number, Buffer>>();
  readonly #tick: ReturnType<typeof setInterval>;

  constructor(opts: RedisBackplaneOptions) {
    this.#opts = opts;
    this.#log = opts.log.child({ module: 'backplane' });
    this.#prefix = opts.keyPrefix ?? 'avw:';
    this.#events = `${this.#prefix}events`;
    this.#control = `${this.#prefix}control`;
    this.#eventsBytes = Buffer.from(this.#events, 'utf8');
    this.#holeTimeoutMs = opts.holeTimeoutMs ?? 500;
    const common: RedisOptions = {
      connectTimeout: 2_000,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(100 * times, 1_000),
      ...opts.redis,
    };
    // Commands fail fast while Redis is away (local delivery takes over) instead of queueing.
    this.client = new Redis(opts.url, { ...common, enableOfflineQueue: false });
    this.#sub = new Redis(opts.url, common);
    this.client.defineCommand('avwAppend', { numberOfKeys: 2, lua: APPEND });
    this.client.defineCommand('avwEnsure', { numberOfKeys: 2, lua: ENSURE });
    for (const [name, conn] of [
      ['command', this.client],
      ['subscriber', this.#sub],
    ] as const) {
      conn.on('error', (err: Error) => this.#down(name, err));
      conn.on('close', () => this.#down(name));
      conn.on('ready', () => this.#maybeRecover());
    }
    // Raw bytes: an event's frame goes to the sockets as received, never decoded to a string and back.
    this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#onMessage(channel, message));
    this.#sub.subscribe(this.#events, this.#control).catch((err: unknown) => this.#down('subscriber', err));
    this.#tick = setInterval(() => this.#onTick(), opts.tickMs ?? 1_000);
    this.#tick.unref();
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  attach(host: BackplaneHost, opts: BackplaneAttachOptions): void {
    this.#host = host;
    this.#ttlSeconds = Math.max(60, Math.ceil(opts.ttlSeconds));
    this.#maxEvents = Math.max(1, opts.maxEvents);
  }

  /** Resolves once the backplane is healthy, or after `timeoutMs` (startup: readiness may stay false). */
  async ready(timeoutMs = 3_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#healthy && Date.now() < deadline && !this.#closed)
      await new Promise((r) => setTimeout(r, 25));
    return this.#healthy;
  }

  append(session: Session, draft: EventDraft): void {
    const local = (err?: unknown) => {
      if (err !== undefined)
        this.#log.warn(
          { err: asError(err), sessionId: session.id },
          'backplane: append failed; delivering locally',
        );
      const seq = session.head + 1;
      draft.beforeBroadcast?.(seq);
      session.accept(seq, Buffer.from(draft.prefix + seq + draft.suffix, 'utf8'));
    };
    if (!this.#healthy) {
      local();
      return;
    }
    const meta = metaOf(session);
    // Encoded once: the same bytes go to Redis and, around the seq, to this instance's subscribers.
    const prefix = Buffer.from(draft.prefix, 'utf8');
    const suffix = Buffer.from(draft.suffix, 'utf8');
    (this.client as unknown as Scripted)
      .avwAppend(
        this.#metaKey(session.id),
        this.#streamKey(session.id),
        session.head,
        this.#ttlSeconds,
        this.#maxEvents,
        this.#events,
        `${this.instanceId}\n${session.id}`,
        prefix,
        suffix,
        ...metaPairs(meta),
      )
      .then(
        (seq) => {
          const n = Number(seq);
          draft.beforeBroadcast?.(n);
          this.#offer(session.id, n, Buffer.concat([prefix, Buffer.from(String(n), 'latin1'), suffix]));
        },
        (err: unknown) => local(err),
      );
  }

  async claim(meta: SessionMeta): Promise<SessionMeta | undefined> {
    if (!this.#healthy) return undefined;
    const flat = await (this.client as unknown as Scripted).avwEnsure(
      this.#metaKey(meta.id),
      this.#streamKey(meta.id),
      meta.head,
      this.#ttlSeconds,
      ...metaPairs(meta),
    );
    return parseMeta(flat);
  }

  async load(id: string): Promise<{ meta: SessionMeta; entries: SharedEntry[] } | undefined> {
    if (!this.#healthy) return undefined;
    this.#loading.set(id, this.#loading.get(id) ?? new Map());
    try {
      const res = await this.client
        .multi()
        .hgetall(this.#metaKey(id))
        .xrevrange(this.#streamKey(id), '+', '-', 'COUNT', this.#maxEvents)
        .exec();
      const meta = parseMeta((res?.[0]?.[1] as Record<string, string>) ?? {});
      if (!meta) return undefined;
      const raw = (res?.[1]?.[1] as [string, string[]][]) ?? [];
      const entries: SharedEntry[] = [];
      for (let i = raw.length - 1; i >= 0; i--) {
        const [streamId, fields] = raw[i]!;
        entries.push({ seq: Number.parseInt(streamId, 10), frame: Buffer.from(fields[1] ?? '', 'utf8') });
      }
      const last = entries.at(-1)?.seq ?? 0;
      if (last > meta.head) meta.head = last;
      return { meta, entries };
    } catch (e: unknown) {
      this.#loading.delete(id);
      throw e;
    }
  }

  /** Called by the hub once a loaded session is in memory: events that arrived meanwhile are applied. */
  loaded(id: string): void {
    const early = this.#loading.get(id);
    this.#loading.delete(id);
    if (early) for (const [seq, frame] of [...early].sort((a, b) => a[0] - b[0])) this.#offer(id, seq, frame);
  }

  async list(): Promise<SessionMeta[]> {
    if (!this.#healthy) return [];
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.client.scan(cursor, 'MATCH', `${this.#prefix}s:*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0' && keys.length < 10_000);
    if (keys.length === 0) return [];
    const pipe = this.client.pipeline();
    for (const k of keys) pipe.hgetall(k);
    const res = (await pipe.exec()) ?? [];
    return res.flatMap(([err, h]) => {
      const meta = err ? undefined : parseMeta(h as Record<string, string>);
      return meta ? [meta] : [];
    });
  }

  deleted(id: string): void {
    this.#dropFeed(id);
    if (!this.#healthy) return;
    this.client
      .multi()
      .del(this.#metaKey(id), this.#streamKey(id))
      .publish(this.#control, JSON.stringify({ t: 'deleted', id, origin: this.instanceId }))
      .exec()
      .catch((err: unknown) =>
        this.#log.warn({ err: asError(err), sessionId: id }, 'backplane: delete failed'),
      );
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#tick);
    for (const t of this.#holes.values()) clearTimeout(t);
    this.#holes.clear();
    this.#pending.clear();
    this.client.disconnect();
    this.#sub.disconnect();
  }

  #metaKey(id: string): string {
    return `${this.#prefix}s:{${id}}`;
  }

  #streamKey(id: string): string {
    return `${this.#prefix}x:{${id}}`;
  }

  #setHealthy(healthy: boolean): void {
    if (this.#healthy === healthy) return;
    this.#healthy = healthy;
    this.#opts.onHealth?.(healthy);
  }

  #down(connection: 'command' | 'subscriber', err?: unknown): void {
    if (this.#closed) return;
    if (this.#healthy || !this.#warned) {
      this.#warned = true;
      this.#log.warn(
        { connection, ...(err === undefined ? {} : { err: asError(err) }) },
        'backplane: Redis unreachable; readiness is false and events reach this instance only until it is back',
      );
    }
    this.#setHealthy(false);
  }

  #maybeRecover(): void {
    if (this.#closed || this.#healthy || this.#recovering) return;
    if (this.client.status !== 'ready' || this.#sub.status !== 'ready') return;
    this.#recovering = true;
    this.#recover()
      .then(() => {
        this.#warned = false;
        this.#verifyUntil = Date.now() + 5_000;
        this.#setHealthy(true);
        this.#log.info({ instanceId: this.instanceId }, 'backplane: Redis connected; sessions shared');
      })
      .catch((err: unknown) => this.#log.warn({ err: asError(err) }, 'backplane: recovery failed; retrying'))
      .finally(() => {
        this.#recovering = false;
      });
  }

  /** Restores every local session in Redis and reads back (or reports lost) what this instance missed. */
  async #recover(): Promise<void> {
    for (const session of this.#host?.sessions() ?? []) {
      const flat = await (this.client as unknown as Scripted).avwEnsure(
        this.#metaKey(session.id),
        this.#streamKey(session.id),
        session.head,
        this.#ttlSeconds,
        ...metaPairs(metaOf(session)),
      );
      const meta = parseMeta(flat);
      if (meta && meta.epoch !== session.epoch)
        this.#log.warn({ sessionId: session.id }, 'backplane: another instance holds a different epoch');
      await this.#fill(session.id, meta?.head);
      // Instances that recovered before this one learn what it delivered locally during the outage.
      if (session.head > 0)
        await this.client.publish(
          this.#control,
          JSON.stringify({ t: 'head', id: session.id, head: session.head, origin: this.instanceId }),
        );
    }
  }

  #onTick(): void {
    if (this.#closed) return;
    this.#maybeRecover();
    if (this.#healthy && Date.now() < this.#verifyUntil) this.#verifyHeads();
    // Sessions with members here stay alive in Redis even when nobody publishes.
    const now = Date.now();
    if (!this.#healthy || now - this.#lastRefresh < (this.#ttlSeconds * 1000) / 3) return;
    this.#lastRefresh = now;
    const pipe = this.client.pipeline();
    let n = 0;
    for (const s of this.#host?.sessions() ?? []) {
      if (s.memberCount === 0) continue;
      pipe.expire(this.#metaKey(s.id), this.#ttlSeconds).expire(this.#streamKey(s.id), this.#ttlSeconds);
      n += 1;
    }
    if (n > 0) pipe.exec().catch(() => undefined);
  }

  /** Reads back what other instances delivered while this one could not hear them. */
  #verifyHeads(): void {
    const sessions = this.#host?.sessions() ?? [];
    if (sessions.length === 0) return;
    const pipe = this.client.pipeline();
    for (const s of sessions) pipe.hget(this.#metaKey(s.id), 'head');
    pipe
      .exec()
      .then((res) => {
        sessions.forEach((s, i) => {
          const head = Number(res?.[i]?.[1] ?? 0);
          if (head > s.head) this.#fill(s.id, head).catch(() => undefined);
        });
      })
      .catch(() => undefined);
  }

  #onMessage(channel: Buffer, message: Buffer): void {
    if (channel.equals(this.#eventsBytes)) this.#onEvent(message);
    else if (channel.toString('utf8') === this.#control) this.#onControl(message.toString('utf8'));
  }

  #onControl(message: string): void {
    try {
      const m = JSON.parse(message) as { t?: string; id?: string; origin?: string; head?: number };
      if (typeof m.id !== 'string' || m.origin === this.instanceId) return;
      if (m.t === 'deleted') {
        this.#dropFeed(m.id);
        this.#host?.remoteDeleted(m.id);
      } else if (m.t === 'head' && Number.isSafeInteger(m.head)) {
        const session = this.#host?.local(m.id);
        if (session && (m.head as number) > session.head)
          this.#fill(m.id, m.head).catch((err: unknown) =>
            this.#log.warn({ err: asError(err), sessionId: m.id }, 'backplane: read-back failed'),
          );
      }
    } catch {
      // Not ours: ignore.
    }
  }

  /** `<instance>\n<session>\n<seq>\n<frame>`, handled as bytes (only the short header is decoded). */
  #onEvent(message: Buffer): void {
    const a = message.indexOf(10);
    const b = message.indexOf(10, a + 1);
    const c = message.indexOf(10, b + 1);
    if (a < 0 || b < 0 || c < 0) return;
    // Our own events were applied from the script reply (the publisher's ack goes out before its event).
    if (a === this.#instanceBytes.length && message.compare(this.#instanceBytes, 0, a, 0, a) === 0) return;
    const id = message.toString('utf8', a + 1, b);
    const seq = Number(message.toString('latin1', b + 1, c));
    if (!Number.isSafeInteger(seq) || seq < 1) return;
    // A copy: a view would keep the whole socket read alive for as long as the backlog holds the event.
    this.#offer(id, seq, Buffer.from(message.subarray(c + 1)));
  }

  /** Applies an event in `seq` order: now, after the missing ones arrive, or after a read-back. */
  #offer(id: string, seq: number, frame: Buffer): void {
    const session = this.#host?.local(id);
    if (!session) {
      this.#loading.get(id)?.set(seq, frame);
      return;
    }
    if (seq <= session.head) return;
    if (seq === session.head + 1) {
      session.accept(seq, frame);
      this.#drain(id, session);
      return;
    }
    const pending = this.#pending.get(id) ?? new Map<number, Buffer>();
    this.#pending.set(id, pending);
    pending.set(seq, frame);
    this.#armHole(id);
  }

  #armHole(id: string): void {
    if (this.#holes.has(id) || this.#closed) return;
    const timer = setTimeout(() => {
      this.#holes.delete(id);
      this.#fill(id).catch(() => {
        // Redis away: recovery reads the range back later; keep waiting meanwhile.
        if (this.#pending.get(id)?.size) this.#armHole(id);
      });
    }, this.#holeTimeoutMs);
    timer.unref();
    this.#holes.set(id, timer);
  }

  #drain(id: string, session: Session): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    for (let next = pending.get(session.head + 1); next; next = pending.get(session.head + 1)) {
      pending.delete(session.head + 1);
      session.accept(session.head + 1, next);
    }
    for (const seq of pending.keys()) if (seq <= session.head) pending.delete(seq);
    if (pending.size === 0) this.#dropFeed(id);
  }

  #dropFeed(id: string): void {
    this.#pending.delete(id);
    const t = this.#holes.get(id);
    if (t) clearTimeout(t);
    this.#holes.delete(id);
  }

  /**
   * Reads `head + 1 … upTo` back from the stream (default: up to the oldest pending event) and applies it;
   * what the stream no longer has is announced to the session's subscribers as a `backplane-lost` gap.
   */
  async #fill(id: string, upTo?: number): Promise<void> {
    const session = this.#host?.local(id);
    if (!session) return this.#dropFeed(id);
    const pending = this.#pending.get(id);
    const to = upTo ?? (pending?.size ? Math.min(...pending.keys()) - 1 : session.head);
    if (to <= session.head) return this.#drain(id, session);
    const raw = (await this.client.xrange(this.#streamKey(id), `${session.head + 1}-0`, `${to}-1`)) as [
      string,
      string[],
    ][];
    let lost = 0;
    for (const [streamId, fields] of raw) {
      const seq = Number.parseInt(streamId, 10);
      if (seq <= session.head) continue;
      if (seq > session.head + 1) {
        lost += seq - session.head - 1;
        session.lost(session.head + 1, seq - 1, 'backplane-lost');
      }
      session.accept(seq, Buffer.from(fields[1] ?? '', 'utf8'));
    }
    if (session.head < to) {
      lost += to - session.head;
      session.lost(session.head + 1, to, 'backplane-lost');
    }
    if (lost > 0) {
      this.#log.warn({ sessionId: id, lost }, 'backplane: events could not be delivered (gap sent)');
      this.#opts.onLost?.(lost);
    }
    this.#drain(id, session);
  }
}

import { Masker } from '../../../shared/src/mask/masker.ts';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import type { Member, MemberRef, MemberState } from '../../../shared/src/protocol/common-schema.ts';
import { encodeMessage } from '../../../shared/src/protocol/encode.ts';
import {
  MAX_FILTER_QUERY_LENGTH,
  MAX_MEMBERS,
  MAX_NAME_LENGTH,
  MAX_SERVER_FRAME_BYTES,
  PROTOCOL_VERSION,
} from '../../../shared/src/protocol/limits.ts';
import type {
  EventMessage,
  GapMessage,
  ServerPresenceMessage,
} from '../../../shared/src/protocol/server-messages.ts';
import type { RelayUser, SessionInfo } from '../types.ts';
import { Backlog, type BacklogLimits } from './backlog.ts';
import { newEpoch, newSalt } from './ids.ts';
import { isPreMasked } from './pre-masked.ts';

/** One connection subscribed to a session. Implemented by the WebSocket connection. */
export interface Subscriber {
  /** Connection id (also the member id). */
  readonly id: string;
  /** Delivers an encoded frame; a slow consumer is disconnected instead (never buffered without bound). */
  deliver(frame: Buffer): void;
}

/** What a session was created with. */
export interface SessionInit {
  id: string;
  partnerId: string;
  name: string;
  createdBy: string;
  backlog: BacklogLimits;
  now: () => number;
  /** Epoch shared by every relay instance (backplane); a new random one when absent. */
  epoch?: string;
  /** Mask salt shared by every relay instance (backplane); a new random one when absent. */
  salt?: string;
  /** `seq` of the newest event when mirroring a session that already has events (backplane). */
  head?: number;
  /** Creation time when mirroring a session created elsewhere (ISO 8601). */
  createdAt?: string;
  /**
   * Set by a shared backplane (relay/src/backplane): `publish` hands the event to it instead of assigning
   * the `seq` here; the backplane calls {@link Session.accept} in `seq` order, on every instance.
   */
  append?: (draft: EventDraft) => void;
}

/**
 * An event waiting for its `seq` (shared backplane): the encoded frame is `prefix + seq + suffix`.
 * `beforeBroadcast` runs once the `seq` is known, before the event is delivered.
 */
export interface EventDraft {
  prefix: string;
  suffix: string;
  beforeBroadcast?: (seq: number) => void;
}

/** Placeholder `seq` encoded into a draft frame, then cut out (more digits than any real `seq`). */
const SEQ_MARKER = 999_999_999_999;

/** The answer to a subscribe: where the session stands, then the frames to replay in order. */
export interface SubscribeResult {
  epoch: string;
  head: number;
  members: Member[];
  /** `gap` and replayed `event` frames, to send right after `subscribed`. */
  replay: Buffer[];
}

/** Outcome of a publish. */
export interface PublishResult {
  seq: number;
  /** The encoded `event` frame (already delivered to every subscriber). */
  frame: Buffer;
}

const BODY_DROPPED = 'discarded:too-large';

function encode(message: EventMessage | GapMessage | ServerPresenceMessage): Buffer {
  return Buffer.from(encodeMessage(message), 'utf8');
}

/** Presence coalescing window: 250 ms, longer for big sessions (1 ms per member, at most 2 s). */
export function presenceWindowMs(members: number): number {
  return Math.min(2000, Math.max(250, members));
}

/**
 * One team session in memory: sequence counter and epoch, bounded backlog, subscribers and presence,
 * and a masker with a per-session salt (every exchange is masked before broadcast; one the relay masked
 * in-process is not masked twice).
 */
export class Session {
  readonly id: string;
  readonly partnerId: string;
  readonly name: string;
  readonly createdBy: string;
  readonly createdAt: string;
  /** Opaque id of this in-memory life of the session (shared by every instance with a backplane). */
  readonly epoch: string;
  /** Mask salt (shared through the backplane; never sent to clients). */
  readonly salt: string;
  readonly #backlog: Backlog;
  readonly #masker: Masker;
  readonly #append: ((draft: EventDraft) => void) | undefined;
  readonly #subscribers = new Map<string, { subscriber: Subscriber; member: Member }>();
  readonly #now: () => number;
  #head = 0;
  #lastActivity: number;
  /** Open presence window: changes inside it are sent once, when it ends (see `broadcastPresence`). */
  #presenceTimer: ReturnType<typeof setTimeout> | undefined;
  #presenceDirty = false;

  constructor(init: SessionInit) {
    this.id = init.id;
    this.partnerId = init.partnerId;
    this.name = init.name;
    this.createdBy = init.createdBy;
    this.#now = init.now;
    this.#lastActivity = init.now();
    this.createdAt = init.createdAt ?? new Date(this.#lastActivity).toISOString();
    this.#backlog = new Backlog(init.backlog);
    this.epoch = init.epoch ?? newEpoch();
    this.salt = init.salt ?? newSalt();
    this.#masker = new Masker({ salt: this.salt });
    this.#head = init.head ?? 0;
    this.#append = init.append;
  }

  /** `seq` of the newest event (0 when none). */
  get head(): number {
    return this.#head;
  }

  /** Number of subscribed connections. */
  get memberCount(): number {
    return this.#subscribers.size;
  }

  /** Retained backlog bytes. */
  get backlogBytes(): number {
    return this.#backlog.bytes;
  }

  /** True when the session has no members and nothing happened for `idleMs`. */
  isIdle(idleMs: number): boolean {
    return this.#subscribers.size === 0 && this.#now() - this.#lastActivity >= idleMs;
  }

  /** Whether `user` may join, read or publish: the same partner, or an admin. */
  canAccess(user: RelayUser): boolean {
    return user.role === 'admin' || user.partnerId === this.partnerId;
  }

  /** Public summary. */
  info(publicUrl: string): SessionInfo {
    return {
      id: this.id,
      partnerId: this.partnerId,
      name: this.name,
      shareUrl: `${publicUrl.replace(/\/+$/, '')}/s/${this.id}`,
      createdBy: this.createdBy,
      createdAt: this.createdAt,
      head: this.#head,
      members: this.#subscribers.size,
    };
  }

  /** Current presence list (at most `MAX_MEMBERS`). */
  members(): Member[] {
    const out: Member[] = [];
    for (const { member } of this.#subscribers.values()) {
      if (out.length >= MAX_MEMBERS) break;
      out.push(member);
    }
    return out;
  }

  /** True when the connection is subscribed. */
  has(connectionId: string): boolean {
    return this.#subscribers.has(connectionId);
  }

  /**
   * Registers a subscriber and snapshots the backlog in the same synchronous step, so nothing is lost or
   * delivered twice between replay and live events. Resume rules: docs/protocol.md.
   */
  subscribe(subscriber: Subscriber, member: Member, resumeFrom?: number, epoch?: string): SubscribeResult {
    this.#subscribers.set(subscriber.id, { subscriber, member });
    this.#lastActivity = this.#now();
    const replay: Buffer[] = [];
    if (resumeFrom !== undefined) {
      const oldest = this.#backlog.oldest ?? this.#head + 1;
      const sameEpoch = epoch === undefined || epoch === this.epoch;
      if (!sameEpoch || resumeFrom > this.#head) {
        replay.push(this.#gap(1, oldest - 1, 'relay-restarted'));
        for (const e of this.#backlog.since(0)) replay.push(e.frame);
      } else {
        if (oldest > resumeFrom + 1) replay.push(this.#gap(resumeFrom + 1, oldest - 1, 'backlog-evicted'));
        for (const e of this.#backlog.since(resumeFrom)) replay.push(e.frame);
      }
    }
    return { epoch: this.epoch, head: this.#head, members: this.members(), replay };
  }

  /** Removes a subscriber; true when it was subscribed (the caller then broadcasts presence). */
  unsubscribe(connectionId: string): boolean {
    const removed = this.#subscribers.delete(connectionId);
    if (removed) this.#lastActivity = this.#now();
    return removed;
  }

  /** Updates a member's presence; false when not subscribed. */
  setPresence(connectionId: string, state: MemberState, focus: string | undefined): boolean {
    const entry = this.#subscribers.get(connectionId);
    if (!entry) return false;
    const member: Member = { ...entry.member, state };
    if (focus === undefined) delete member.focus;
    else member.focus = focus;
    entry.member = member;
    return true;
  }

  /**
   * Broadcasts the presence list to every subscriber (encoded once), coalesced: the first change is sent
   * at once, later ones in the same window are sent once, with the latest list, when it ends. Without it
   * n members joining cost n broadcasts of an n-long list to n sockets (O(n²) frames of up to 1000
   * members); a newcomer still gets the list at once in `subscribed`.
   */
  broadcastPresence(): void {
    if (this.#presenceTimer !== undefined) {
      this.#presenceDirty = true;
      return;
    }
    this.#broadcast(
      encode({ v: PROTOCOL_VERSION, type: 'presence', session: this.id, members: this.members() }),
    );
    this.#presenceTimer = setTimeout(() => {
      this.#presenceTimer = undefined;
      if (!this.#presenceDirty) return;
      this.#presenceDirty = false;
      this.broadcastPresence();
    }, presenceWindowMs(this.#subscribers.size));
    // Never keeps the process alive (a late broadcast to a closed session reaches nobody).
    this.#presenceTimer.unref?.();
  }

  /**
   * Broadcasts a teammate's named filter (`shared-filter`) to every subscriber but the sender. Name and
   * query are masked as free text with this session's salt first (defence in depth: filters are typed
   * by hand); nothing is stored or replayed.
   */
  shareFilter(name: string, query: string, sentBy: MemberRef): void {
    this.#lastActivity = this.#now();
    const frame = Buffer.from(
      encodeMessage({
        v: PROTOCOL_VERSION,
        type: 'shared-filter',
        session: this.id,
        name: this.#masker.text(name).value.slice(0, MAX_NAME_LENGTH) || '…',
        query: this.#masker.text(query).value.slice(0, MAX_FILTER_QUERY_LENGTH) || '…',
        sentBy,
      }),
      'utf8',
    );
    for (const { subscriber } of [...this.#subscribers.values()])
      if (subscriber.id !== sentBy.id) subscriber.deliver(frame);
  }

  /**
   * Masks the exchange with this session's salt (unless the relay already masked it in-process, see
   * `pre-masked.ts`), assigns the next `seq`, appends it to the backlog
   * and broadcasts one encoded `event` frame to every subscriber. `beforeBroadcast` runs once the `seq` is
   * known (the publisher's `ack` goes out before the event). Bodies that would push the frame over
   * `MAX_SERVER_FRAME_BYTES` are dropped (`discarded:too-large`).
   */
  publish(
    exchange: Exchange,
    sentBy: MemberRef,
    beforeBroadcast?: (seq: number) => void,
  ): PublishResult | undefined {
    // An exchange the relay masked in this process (maskOnce) is not masked twice (masking is idempotent);
    // anything else — client publishes, webhooks — is masked here with the session salt.
    const masked: Exchange = isPreMasked(exchange)
      ? { ...exchange, sentBy: sentBy.name }
      : this.#masker.exchange(exchange, { findings: false }).value;
    masked.sentBy = sentBy.name;
    if (this.#append) {
      // Shared backplane: the seq is assigned there; `accept` delivers the event (undefined: asynchronous).
      const ts = this.#now();
      let template = this.#eventFrame(SEQ_MARKER, ts, masked, sentBy);
      if (template.byteLength > MAX_SERVER_FRAME_BYTES)
        template = this.#eventFrame(SEQ_MARKER, ts, dropBodies(masked), sentBy);
      const text = template.toString('utf8');
      const at = text.indexOf(`"seq":${SEQ_MARKER}`) + 6;
      this.#lastActivity = ts;
      this.#append({
        prefix: text.slice(0, at),
        suffix: text.slice(at + String(SEQ_MARKER).length),
        ...(beforeBroadcast ? { beforeBroadcast } : {}),
      });
      return undefined;
    }
    const seq = this.#head + 1;
    const ts = this.#now();
    let frame = this.#eventFrame(seq, ts, masked, sentBy);
    if (frame.byteLength > MAX_SERVER_FRAME_BYTES)
      frame = this.#eventFrame(seq, ts, dropBodies(masked), sentBy);
    this.#head = seq;
    this.#lastActivity = ts;
    this.#backlog.push({ seq, frame });
    beforeBroadcast?.(seq);
    this.#broadcast(frame);
    return { seq, frame };
  }

  /**
   * Appends an event whose `seq` the backplane assigned (the next one, `head + 1`, in order) and
   * broadcasts its frame. Events at or below `head` are ignored (duplicates).
   */
  accept(seq: number, frame: Buffer): boolean {
    if (seq <= this.#head) return false;
    this.#head = seq;
    this.#lastActivity = this.#now();
    this.#backlog.push({ seq, frame });
    this.#broadcast(frame);
    return true;
  }

  /** Live notice that events `from`..`to` will never be delivered (e.g. `backplane-lost`); moves `head` to `to`. */
  lost(from: number, to: number, reason: GapMessage['reason']): void {
    if (to < from || to <= this.#head) return;
    this.#head = to;
    this.#broadcast(this.#gap(from, to, reason));
  }

  /** Every subscriber, for shutdown. */
  subscribers(): Subscriber[] {
    return [...this.#subscribers.values()].map((e) => e.subscriber);
  }

  #eventFrame(seq: number, ts: number, exchange: Exchange, sentBy: MemberRef): Buffer {
    return encode({
      v: PROTOCOL_VERSION,
      type: 'event',
      session: this.id,
      seq,
      ts,
      kind: 'exchange',
      exchange: exchange as EventMessage['exchange'],
      sentBy,
    });
  }

  #gap(from: number, to: number, reason: GapMessage['reason']): Buffer {
    return encode({ v: PROTOCOL_VERSION, type: 'gap', session: this.id, from, to, reason });
  }

  #broadcast(frame: Buffer): void {
    // Snapshot: delivering may disconnect a slow consumer, which unsubscribes it mid-iteration.
    for (const { subscriber } of [...this.#subscribers.values()]) subscriber.deliver(frame);
  }
}

function dropBodies(exchange: Exchange): Exchange {
  const out: Exchange = { ...exchange, request: { ...exchange.request } };
  delete out.request.body;
  out.requestBodyStatus = BODY_DROPPED;
  if (exchange.response) {
    out.response = { ...exchange.response };
    delete out.response.body;
    out.responseBodyStatus = BODY_DROPPED;
  }
  return out;
}

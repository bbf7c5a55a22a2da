import type { FastifyBaseLogger } from 'fastify';
import WebSocket from 'ws';
import type { ClientMessage } from '../../../shared/src/protocol/client-messages.ts';
import type { Member, MemberRef, Software } from '../../../shared/src/protocol/common-schema.ts';
import { encodeMessage, errorMessage, problemToError } from '../../../shared/src/protocol/encode.ts';
import { PROTOCOL_ERRORS, type ProtocolErrorCode } from '../../../shared/src/protocol/error-codes.ts';
import { PROTOCOL_VERSION } from '../../../shared/src/protocol/limits.ts';
import { parseClientMessage } from '../../../shared/src/protocol/parse.ts';
import type { ServerMessage } from '../../../shared/src/protocol/server-messages.ts';
import { asError } from '../../../shared/src/util/error.ts';
import type { RelayUser } from '../types.ts';
import type { SessionHub } from './hub.ts';
import { newConnectionId } from './ids.ts';
import type { Session, Subscriber } from './session.ts';
import { textFrameOf } from './ws-frame.ts';

/** Close code for a connection that reads too slowly (docs/protocol.md, "Close codes"). */
export const CLOSE_SLOW_CONSUMER = 4008;
/** Close code on relay shutdown (`server-shutting-down`). */
export const CLOSE_GOING_AWAY = 1001;
/** How long a slow consumer gets to read the close frame before the socket is destroyed, ms. */
export const SLOW_CONSUMER_GRACE_MS = 5_000;

/** The net.Socket under a `ws` WebSocket (its `_socket`). */
interface RawSocket {
  cork(): void;
  uncork(): void;
  write(chunk: Buffer): boolean;
}

/**
 * Connections whose socket is corked during the current burst of deliveries. Everything a burst sends to
 * one socket (the events of one Redis read, a publisher catching up) leaves in one `writev` when the
 * burst ends instead of one syscall per frame: when the relay falls behind, the cost per delivered frame
 * drops instead of the queue growing. A lone event still leaves at the end of its own tick.
 */
const corked: Connection[] = [];
let flushQueued = false;
/**
 * Most bytes a socket holds corked before they are handed to the kernel anyway. One big `writev` at the
 * end of a long burst finds the kernel's send buffer at its initial size and leaves the rest in Node,
 * where it counts against `maxBufferedBytes` (a 10,000-event burst closed a reader that kept up, 4008);
 * steady 64 KiB writes let the buffer grow as with uncorked writes, and still batch hundreds of frames.
 */
const MAX_CORKED_BYTES = 64 * 1024;

function flushCorked(): void {
  flushQueued = false;
  for (const c of corked.splice(0)) c.uncork();
}

/** An access token `hello` presented, verified: its user and sign-in family. */
export interface VerifiedToken {
  user: RelayUser;
  /** Sign-in family (absent on tokens minted without one, e.g. local mode's one-off tokens). */
  family?: string;
}

/** Per-connection settings (validated by the plugin). */
export interface ConnectionOptions {
  hub: SessionHub;
  /** The user authenticated on upgrade. */
  user: RelayUser;
  /** Sign-in family of the upgrade's token; the heartbeat closes the connection once it is revoked. */
  family?: string | undefined;
  /** Whether a sign-in family was revoked (a refresh token of it was reused). */
  isRevoked?: (family: string) => boolean;
  log: FastifyBaseLogger;
  /** Send-buffer cap in bytes; beyond it the connection is closed with 4008. */
  maxBufferedBytes: number;
  /** Most sessions one connection may subscribe to. */
  maxSubscriptions: number;
  /** Most frames accepted per second; extra frames get `rate-limited`. */
  maxFramesPerSecond: number;
  /** Verifies `hello.token`; `undefined` when it is not a valid access token. */
  verifyToken: (token: string) => VerifiedToken | undefined;
  relay: Software;
  onClose: (connection: Connection) => void;
}

/**
 * One WebSocket of the team-session protocol (docs/protocol.md): handshake, subscriptions, publish,
 * presence, ping; the relay side of slow-consumer and heartbeat handling.
 */
export class Connection implements Subscriber {
  readonly id = newConnectionId();
  /** False once a heartbeat ping went unanswered; reset by `pong`. */
  alive = true;
  readonly #socket: WebSocket;
  readonly #opts: ConnectionOptions;
  readonly #subscriptions = new Set<string>();
  readonly #log: FastifyBaseLogger;
  /** The raw socket when `ws` exposes it (it always has; without it frames are simply not batched). */
  readonly #raw: RawSocket | undefined;
  /**
   * Frames go to the raw socket prebuilt (ws-frame.ts): only without negotiated extensions
   * (permessage-deflate would have `ws` compress each frame). `ws` itself writes synchronously too,
   * so its own frames (close, ping) stay in order with these.
   */
  readonly #direct: boolean;
  #corked = false;
  #corkedBytes = 0;
  #user: RelayUser;
  #family: string | undefined;
  #helloed = false;
  #closing = false;
  #windowStart = 0;
  #windowFrames = 0;

  constructor(socket: WebSocket, opts: ConnectionOptions) {
    this.#socket = socket;
    this.#opts = opts;
    this.#user = opts.user;
    this.#family = opts.family;
    this.#log = opts.log.child({ module: 'ws', connectionId: this.id });
    const raw = (socket as unknown as { _socket?: Partial<RawSocket> })._socket;
    this.#raw =
      typeof raw?.cork === 'function' && typeof raw.uncork === 'function' && typeof raw.write === 'function'
        ? (raw as RawSocket)
        : undefined;
    this.#direct = this.#raw !== undefined && socket.extensions === '';
    // Listeners are attached synchronously, before any await, so no frame is missed (STYLE #16).
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
    socket.on('close', () => this.#cleanup());
    socket.on('error', (err) => this.#log.debug({ err }, 'websocket error'));
  }

  /** Sends an encoded frame unless the send buffer is over the cap (then the connection is dropped). */
  deliver(frame: Buffer): void {
    if (this.#closing || this.#socket.readyState !== WebSocket.OPEN) return;
    if (this.#socket.bufferedAmount + frame.byteLength > this.#opts.maxBufferedBytes) {
      // Corked bytes are not unread bytes: hand them to the kernel before judging the reader slow.
      this.uncork();
      if (this.#socket.bufferedAmount + frame.byteLength > this.#opts.maxBufferedBytes) {
        this.#slowConsumer();
        return;
      }
    }
    this.#cork();
    if (this.#direct) this.#raw!.write(textFrameOf(frame));
    else this.#socket.send(frame, { binary: false });
    this.#corkedBytes += frame.byteLength;
    if (this.#corkedBytes >= MAX_CORKED_BYTES) this.uncork();
  }

  /** Sends what this burst corked (see `corked`); safe on a closed socket. */
  uncork(): void {
    if (!this.#corked) return;
    this.#corked = false;
    this.#corkedBytes = 0;
    this.#raw?.uncork();
  }

  #cork(): void {
    if (this.#corked || !this.#raw) return;
    this.#raw.cork();
    this.#corked = true;
    corked.push(this);
    if (!flushQueued) {
      flushQueued = true;
      // After the current task and its microtasks (promise replies of one Redis read included).
      process.nextTick(flushCorked);
    }
  }

  /**
   * Heartbeat tick: a connection that did not answer the previous ping is terminated; one whose sign-in
   * was revoked since it connected is closed with `unauthorized` (4401).
   */
  heartbeat(): boolean {
    if (this.#family !== undefined && this.#opts.isRevoked?.(this.#family) && !this.#closing) {
      this.#log.info('closing a connection whose sign-in was revoked');
      this.#fatal(
        'unauthorized',
        'Your relay sign-in was revoked (a refresh token was reused); sign in again',
      );
      return false;
    }
    if (!this.alive) {
      this.#opts.hub.metrics.dropped('dead');
      this.#log.info('terminating a connection that missed its heartbeat');
      this.#socket.terminate();
      return false;
    }
    this.alive = false;
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.ping();
    return true;
  }

  /** Tells the client the relay is going away and closes with 1001. */
  shutdown(): void {
    if (this.#closing) return;
    this.#send(errorMessage('server-shutting-down', 'The relay is shutting down; reconnect and resume'));
    this.#closing = true;
    this.#socket.close(CLOSE_GOING_AWAY, 'relay shutting down');
  }

  /** Unsubscribes from a session that is being deleted, telling the client. */
  sessionDeleted(sessionId: string): void {
    if (!this.#subscriptions.delete(sessionId)) return;
    this.#send(errorMessage('session-not-found', 'The team session was deleted', { session: sessionId }));
  }

  #send(message: ServerMessage): void {
    this.deliver(Buffer.from(encodeMessage(message), 'utf8'));
  }

  #fatal(code: ProtocolErrorCode, message: string, ref?: string): void {
    this.#send(errorMessage(code, message, ref === undefined ? {} : { ref }));
    const info = PROTOCOL_ERRORS[code] as { closeCode?: number };
    this.#closing = true;
    this.#socket.close(info.closeCode ?? 1008, code);
  }

  #error(code: ProtocolErrorCode, message: string, ref: string | undefined, session?: string): void {
    const fields: { ref?: string; session?: string } = {};
    if (ref !== undefined) fields.ref = ref;
    if (session !== undefined) fields.session = session;
    this.#send(errorMessage(code, message, fields));
  }

  #rateLimited(): boolean {
    const now = Date.now();
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#windowFrames = 0;
    }
    this.#windowFrames += 1;
    return this.#windowFrames > this.#opts.maxFramesPerSecond;
  }

  #onMessage(data: WebSocket.RawData, _isBinary: boolean): void {
    if (this.#closing) return;
    const raw = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data;
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      const error = problemToError(parsed.error);
      const info = PROTOCOL_ERRORS[parsed.error.code] as { fatal: boolean; closeCode?: number };
      if (info.fatal) this.#fatal(parsed.error.code, error.message, error.ref);
      else this.#send(error);
      return;
    }
    const message = parsed.message;
    if (this.#rateLimited()) {
      this.#error('rate-limited', 'Too many frames; this one was dropped', message.id);
      return;
    }
    try {
      this.#handle(message);
    } catch (e: unknown) {
      this.#log.error({ err: asError(e) }, 'frame handling failed');
      this.#error('internal-error', 'The relay failed while handling the frame', message.id);
    }
  }

  #handle(message: ClientMessage) {
    if (message.type === 'hello') {
      if (this.#helloed) return this.#fatal('handshake-required', 'hello was already received', message.id);
      if (message.token !== undefined) {
        const verified = this.#opts.verifyToken(message.token);
        if (!verified)
          return this.#fatal('unauthorized', 'The relay token is invalid, expired or revoked', message.id);
        this.#user = verified.user;
        this.#family = verified.family;
      }
      this.#helloed = true;
      const welcome: ServerMessage = {
        v: PROTOCOL_VERSION,
        type: 'welcome',
        connectionId: this.id,
        user: {
          id: this.#user.sub.slice(0, 128),
          name: this.#user.name.slice(0, 128) || this.#user.sub.slice(0, 128) || 'anonymous',
          role: this.#user.role,
          partnerId: this.#user.partnerId.slice(0, 128),
        },
        relay: this.#opts.relay,
      };
      if (message.id !== undefined) welcome.ref = message.id;
      return this.#send(welcome);
    }
    if (!this.#helloed) return this.#fatal('handshake-required', 'The first frame must be hello', message.id);
    switch (message.type) {
      case 'subscribe':
        return this.#subscribe(message.session, message.id, message.resumeFrom, message.epoch);
      case 'unsubscribe': {
        const session = this.#subscribed(message.session, message.id);
        if (!session) return;
        this.#subscriptions.delete(session.id);
        session.unsubscribe(this.id);
        this.#ack(message.id, session.id);
        session.broadcastPresence();
        return;
      }
      case 'publish': {
        const session = this.#subscribed(message.session, message.id);
        if (!session) return;
        const sentBy: MemberRef = { id: this.id, userId: this.#member().userId, name: this.#member().name };
        session.publish(message.exchange, sentBy, (seq) => this.#ack(message.id, session.id, seq));
        this.#opts.hub.metrics.broadcast(session.memberCount);
        return;
      }
      case 'presence': {
        const session = this.#subscribed(message.session, message.id);
        if (!session) return;
        session.setPresence(this.id, message.state, message.focus);
        this.#ack(message.id, session.id);
        session.broadcastPresence();
        return;
      }
      case 'share-filter': {
        const session = this.#subscribed(message.session, message.id);
        if (!session) return;
        const member = this.#member();
        session.shareFilter(message.name, message.query, {
          id: this.id,
          userId: member.userId,
          name: member.name,
        });
        this.#ack(message.id, session.id);
        return;
      }
      case 'ping': {
        const pong: ServerMessage = { v: PROTOCOL_VERSION, type: 'pong', nonce: message.nonce };
        if (message.id !== undefined) pong.ref = message.id;
        return this.#send(pong);
      }
    }
  }

  #member(): Member {
    return {
      id: this.id,
      userId: this.#user.sub.slice(0, 128),
      name: this.#user.name.slice(0, 128) || 'anonymous',
      role: this.#user.role,
      state: 'active',
    };
  }

  #subscribe(sessionId: string, ref?: string, resumeFrom?: number, epoch?: string) {
    const session = this.#opts.hub.get(sessionId);
    if (!session) return this.#error('session-not-found', 'No team session has this id', ref, sessionId);
    if (!session.canAccess(this.#user))
      return this.#error('forbidden', 'This team session belongs to another partner', ref, sessionId);
    if (!this.#subscriptions.has(session.id) && this.#subscriptions.size >= this.#opts.maxSubscriptions)
      return this.#error(
        'too-many-subscriptions',
        `At most ${this.#opts.maxSubscriptions} subscriptions per connection`,
        ref,
        sessionId,
      );
    this.#subscriptions.add(session.id);
    const result = session.subscribe(this, this.#member(), resumeFrom, epoch);
    const subscribed: ServerMessage = {
      v: PROTOCOL_VERSION,
      type: 'subscribed',
      session: session.id,
      epoch: result.epoch,
      head: result.head,
      members: result.members,
    };
    if (ref !== undefined) subscribed.ref = ref;
    this.#send(subscribed);
    for (const frame of result.replay) this.deliver(frame);
    session.broadcastPresence();
  }

  #subscribed(sessionId: string, ref: string | undefined): Session | undefined {
    const session = this.#subscriptions.has(sessionId) ? this.#opts.hub.get(sessionId) : undefined;
    if (!session?.has(this.id)) {
      this.#error('not-subscribed', 'This connection is not subscribed to the session', ref, sessionId);
      return undefined;
    }
    return session;
  }

  #ack(ref: string | undefined, session: string, seq?: number): void {
    if (ref === undefined) return;
    const ack: ServerMessage = { v: PROTOCOL_VERSION, type: 'ack', ref, session };
    if (seq !== undefined) ack.seq = seq;
    this.#send(ack);
  }

  #slowConsumer(): void {
    this.#closing = true;
    this.#opts.hub.metrics.dropped('slow-consumer');
    this.#log.warn({ bufferedAmount: this.#socket.bufferedAmount }, 'closing a slow consumer');
    this.#leaveAll();
    this.#socket.close(CLOSE_SLOW_CONSUMER, 'slow consumer');
    // The close frame waits behind the unread data; do not keep that memory for long.
    setTimeout(() => this.#socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
  }

  #leaveAll(): void {
    for (const id of this.#subscriptions) {
      const session = this.#opts.hub.get(id);
      if (session?.unsubscribe(this.id)) session.broadcastPresence();
    }
    this.#subscriptions.clear();
  }

  #cleanup(): void {
    this.#closing = true;
    this.#leaveAll();
    this.#opts.onClose(this);
  }
}

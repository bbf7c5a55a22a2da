/**
 * The sessions hub's link to the other relay instances. {@link MemoryBackplane} (the default, no Redis
 * configured) keeps everything in this process, exactly as a single relay always did; the Redis backplane
 * (redis.ts) shares sequence numbers, backlogs, session metadata and events between instances.
 */
import type { EventDraft, Session } from '../sessions/session.ts';

/** What every instance knows about a shared session (a Redis hash). */
export interface SessionMeta {
  id: string;
  partnerId: string;
  name: string;
  createdBy: string;
  createdAt: string;
  epoch: string;
  /** Mask salt: the same secret values mask the same way whichever instance published them. */
  salt: string;
  /** `seq` of the newest event. */
  head: number;
}

/** One retained event read back from the shared backlog. */
export interface SharedEntry {
  seq: number;
  frame: Buffer;
}

/** Implemented by the sessions hub: the backplane's view of this instance's sessions. */
export interface BackplaneHost {
  /** The session in this instance's memory, if any. */
  local(id: string): Session | undefined;
  /** Sessions in this instance's memory (recovery after an outage). */
  sessions(): Session[];
  /** Another instance deleted the session: forget it and tell its subscribers here. */
  remoteDeleted(id: string): void;
}

/** Settings the sessions plugin hands over when it attaches its hub. */
export interface BackplaneAttachOptions {
  /** Shared state (metadata, backlog) expires after this long without activity, seconds. */
  ttlSeconds: number;
  /** Events kept per session in the shared backlog (`limits.backlogEvents`). */
  maxEvents: number;
}

/** The hub's view of the backplane. */
export interface Backplane {
  /** False for the in-memory default: the hub then runs its single-instance code path unchanged. */
  readonly shared: boolean;
  /** False while the shared store is unreachable (readiness reports 503); local delivery continues. */
  readonly healthy: boolean;
  /** Short label for logs, health and metrics: `memory` | `redis`. */
  readonly kind: 'memory' | 'redis';
  /** Connects the hub; events and deletions from other instances flow to it from now on. */
  attach(host: BackplaneHost, opts: BackplaneAttachOptions): void;
  /** Assigns the next `seq` of `session` for the draft event, stores it and fans it out to every instance. */
  append(session: Session, draft: EventDraft): void;
  /** Makes the session known to every instance (create-if-absent); resolves with the winning metadata. */
  claim(meta: SessionMeta): Promise<SessionMeta | undefined>;
  /** Metadata and retained events of a session another instance may have created. */
  load(id: string): Promise<{ meta: SessionMeta; entries: SharedEntry[] } | undefined>;
  /** Every shared session's metadata (listing). */
  list(): Promise<SessionMeta[]>;
  /** Deletes the shared state and tells the other instances. */
  deleted(id: string): void;
  /** Disconnects. */
  close(): Promise<void>;
}

/** The in-memory default: nothing is shared; the hub keeps its single-instance behaviour. */
export class MemoryBackplane implements Backplane {
  readonly shared = false;
  readonly healthy = true;
  readonly kind = 'memory' as const;
  attach(): void {}
  append(): void {
    throw new Error('MemoryBackplane.append: the in-memory hub assigns sequence numbers itself');
  }
  async claim(): Promise<undefined> {
    return undefined;
  }
  async load(): Promise<undefined> {
    return undefined;
  }
  async list(): Promise<SessionMeta[]> {
    return [];
  }
  deleted(): void {}
  async close(): Promise<void> {}
}

/** Metadata of a local session, for sharing. */
export function metaOf(session: Session): SessionMeta {
  return {
    id: session.id,
    partnerId: session.partnerId,
    name: session.name,
    createdBy: session.createdBy,
    createdAt: session.createdAt,
    epoch: session.epoch,
    salt: session.salt,
    head: session.head,
  };
}

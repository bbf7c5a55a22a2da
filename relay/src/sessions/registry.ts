import type { Connection } from './connection.ts';

/** Live connections, for heartbeats, deleted sessions and shutdown. */
export class ConnectionRegistry {
  readonly #connections = new Set<Connection>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  /** Number of open connections. */
  get size(): number {
    return this.#connections.size;
  }

  add(connection: Connection): void {
    this.#connections.add(connection);
  }

  delete(connection: Connection): boolean {
    return this.#connections.delete(connection);
  }

  /** Starts pinging every connection each `intervalMs`; one that missed the previous ping is terminated. */
  startHeartbeat(intervalMs: number): void {
    this.#heartbeat = setInterval(() => {
      for (const c of [...this.#connections]) c.heartbeat();
    }, intervalMs);
    this.#heartbeat.unref();
  }

  /** Tells every subscriber of a deleted session. */
  sessionDeleted(sessionId: string): void {
    for (const c of this.#connections) c.sessionDeleted(sessionId);
  }

  /** Stops the heartbeat and closes every connection with 1001. */
  shutdown(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    for (const c of [...this.#connections]) c.shutdown();
  }
}

import type { CDPSession } from 'playwright-core';

/** A CDP session to one target (DevTools frontend, extension panel frame), tunnelled through the browser session. */
export interface TargetSession {
  /** Sends a raw CDP command to the target. */
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates `expression` in the target's main world, awaiting promises; returns the JSON value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Detaches from the target (idempotent; errors from an already closed target are ignored). */
  detach(): Promise<void>;
}

interface CdpReply {
  id?: number;
  result?: unknown;
  error?: unknown;
}

interface EvaluateResult {
  result: { value?: unknown };
  exceptionDetails?: { text: string; exception?: { description?: string } };
}

/**
 * Attaches to `targetId` without flattening. Playwright hides `devtools://` pages and extension
 * frames inside DevTools from its Page API, so (as in the devtools-e2e recipe) we talk to them through
 * `Target.sendMessageToTarget` on a browser-level CDP session.
 */
export async function attachToTarget(browserSession: CDPSession, targetId: string): Promise<TargetSession> {
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const onMessage = (event: { sessionId: string; message: string }): void => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as CdpReply;
    if (reply.id === undefined) return;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error) waiter.reject(new Error(`CDP error: ${JSON.stringify(reply.error)}`));
    else waiter.resolve(reply.result);
  };
  browserSession.on('Target.receivedMessageFromTarget', onMessage);

  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      browserSession
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch((e: unknown) => {
          pending.delete(id);
          reject(e instanceof Error ? e : new Error(String(e)));
        });
    });

  return {
    send,
    async evaluate<T>(expression: string): Promise<T> {
      const r = await send<EvaluateResult>('Runtime.evaluate', {
        expression,
        awaitPromise: true,
        returnByValue: true,
      });
      if (r.exceptionDetails) {
        throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      }
      return r.result.value as T;
    },
    async detach(): Promise<void> {
      browserSession.off('Target.receivedMessageFromTarget', onMessage);
      for (const waiter of pending.values()) waiter.reject(new Error('detached'));
      pending.clear();
      await browserSession.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}

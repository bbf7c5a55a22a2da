import type { CaptureSource } from '../capture/capture-source.ts';
import type { CaptureModelInstance } from '../models/capture-model.ts';
import { relayClient } from '../relay-client/browser-client.ts';
import { clientRelayAccess } from './client-relay-access.ts';
import { MergedCaptureSource } from './merged-capture-source.ts';
import { RelayStreamSource } from './relay-stream-source.ts';
import { SessionModel, type SessionModelInstance } from './session-model.ts';
import { publishCaptures } from './session-publisher.ts';
import { WebSocketRelayAdapter } from './ws-relay-adapter.ts';

/** The DevTools panel's team session, wired to the extension's relay settings. */
export interface PanelSession {
  session: SessionModelInstance;
  /** `local` plus the session stream, as one capture source for the panel's model. */
  withStream(local: CaptureSource): CaptureSource;
  /** Publishes the panel's own (masked) captures while in a session; returns the disposer. */
  publishFrom(capture: CaptureModelInstance): () => void;
}

/** Creates the panel's team session (WebSocket transport, relay client tokens). */
export function panelSession(): PanelSession {
  const session = new SessionModel({
    adapter: new WebSocketRelayAdapter(),
    access: clientRelayAccess(relayClient()),
    client: { name: 'avvance-panel', version: '0.1.0' },
  });
  return {
    session,
    withStream: (local) => new MergedCaptureSource(local, new RelayStreamSource(session)),
    publishFrom: (capture) => publishCaptures(capture, session),
  };
}

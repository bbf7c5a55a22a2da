import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Software } from '../../../shared/src/protocol/common-schema.ts';
import { prepareSession, sessionFor, userOf } from './access.ts';
import { Connection, type VerifiedToken } from './connection.ts';
import type { SessionHub } from './hub.ts';
import type { ConnectionRegistry } from './registry.ts';
import { SessionParams } from './schemas.ts';

/** Options of {@link sessionStreamRoute}. */
export interface SessionStreamOptions {
  hub: SessionHub;
  connections: ConnectionRegistry;
  maxBufferedBytes: number;
  maxSubscriptions: number;
  maxFramesPerSecond: number;
  relay: Software;
}

/**
 * `WS /v1/sessions/:id/stream`: authenticated and authorised before the upgrade (401/403/404 as plain
 * HTTP answers), then the team-session protocol (docs/protocol.md). The connection may subscribe to
 * other sessions it may access too.
 */
export async function sessionStreamRoute(app: FastifyInstance, opts: SessionStreamOptions): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { hub, connections } = opts;
  const isRevoked = (family: string): boolean => app.isSignInRevoked(family);
  const verifyToken = (token: string): VerifiedToken | undefined => app.verifyAccessToken(token);

  r.get(
    '/v1/sessions/:id/stream',
    {
      websocket: true,
      schema: { params: SessionParams },
      onRequest: app.authenticate,
      // Authorised before the upgrade: a refused client gets an HTTP status, never a socket.
      preHandler: async (request) => {
        await prepareSession(app, hub, userOf(request), request.params.id);
        sessionFor(app, hub, userOf(request), request.params.id);
      },
    },
    (socket, request) => {
      const connection = new Connection(socket, {
        hub,
        user: userOf(request),
        family: request.tokenFamily,
        isRevoked,
        log: request.log,
        maxBufferedBytes: opts.maxBufferedBytes,
        maxSubscriptions: opts.maxSubscriptions,
        maxFramesPerSecond: opts.maxFramesPerSecond,
        verifyToken,
        relay: opts.relay,
        onClose: (c) => {
          if (connections.delete(c)) hub.metrics.connections(-1);
        },
      });
      connections.add(connection);
      hub.metrics.connections(1);
    },
  );
}

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { prepareSession, sessionFor, userOf } from './access.ts';
import { SessionErrors } from './errors.ts';
import { type SessionHub, TooManySessionsError } from './hub.ts';
import type { ConnectionRegistry } from './registry.ts';
import {
  CreateSessionBody,
  ErrorEnvelopeSchema,
  SessionInfoSchema,
  SessionListSchema,
  SessionParams,
} from './schemas.ts';

/** Options of {@link sessionRestRoutes}. */
export interface SessionRestOptions {
  hub: SessionHub;
  connections: ConnectionRegistry;
}

const errors = { '4xx': ErrorEnvelopeSchema, '5xx': ErrorEnvelopeSchema };

/** `POST /v1/sessions`, `GET /v1/sessions`, `GET /v1/sessions/:id`, `DELETE /v1/sessions/:id`. */
export async function sessionRestRoutes(app: FastifyInstance, opts: SessionRestOptions): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { hub, connections } = opts;
  r.addHook('onRequest', app.authenticate);

  r.post(
    '/v1/sessions',
    { schema: { body: CreateSessionBody, response: { 201: SessionInfoSchema, ...errors } } },
    async (request, reply) => {
      try {
        const session = hub.create(userOf(request), request.body?.name);
        await hub.settled(session.id);
        return reply.code(201).send(session.info(hub.publicUrl));
      } catch (e: unknown) {
        if (e instanceof TooManySessionsError) throw new SessionErrors.limit();
        throw e;
      }
    },
  );

  r.get('/v1/sessions', { schema: { response: { 200: SessionListSchema, ...errors } } }, async (request) => ({
    sessions: await hub.listShared(userOf(request)),
  }));

  r.get(
    '/v1/sessions/:id',
    { schema: { params: SessionParams, response: { 200: SessionInfoSchema, ...errors } } },
    async (request) => {
      await prepareSession(app, hub, userOf(request), request.params.id);
      return sessionFor(app, hub, userOf(request), request.params.id).info(hub.publicUrl);
    },
  );

  r.delete(
    '/v1/sessions/:id',
    { schema: { params: SessionParams, response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      const user = userOf(request);
      await prepareSession(app, hub, user, request.params.id);
      const session = sessionFor(app, hub, user, request.params.id);
      if (user.role !== 'admin' && session.createdBy !== user.sub) throw new SessionErrors.forbidden();
      hub.delete(session.id);
      connections.sessionDeleted(session.id);
      return reply.code(204).send(null);
    },
  );
}

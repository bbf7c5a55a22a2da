import type { FastifyError, FastifyInstance } from 'fastify';
import { errorEnvelope, RelayErrors } from '../errors.ts';

/**
 * Turns every error into `{ error: { code, message } }`. Client errors keep their message; server errors
 * are logged with their stack and answered with a generic message so internals never leak.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const err = new RelayErrors.notFound(request.method, request.url.split('?')[0] ?? '');
    reply.code(404).send(errorEnvelope(err.code, err.message));
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      reply.code(status).send(errorEnvelope('RELAY_ERR_INTERNAL', 'Internal error; see the relay log.'));
      return;
    }
    const code = err.validation ? 'RELAY_ERR_VALIDATION' : (err.code ?? 'RELAY_ERR_BAD_REQUEST');
    reply.code(status).send(errorEnvelope(code, err.message));
  });
}

import type { FastifyError, FastifyInstance } from 'fastify';
import { errorEnvelope, RelayErrors } from '../errors.ts';
import { pathOnly } from './logging.ts';

/**
 * Turns every error into `{ error: { code, message } }`. Client errors and the relay's own coded errors
 * (`RELAY_ERR_*`, including deliberate 502/503/504) keep their message; any other server error is logged
 * with its stack and answered with a generic message so internals never leak.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const err = new RelayErrors.notFound(request.method, pathOnly(request.url));
    reply.code(404).send(errorEnvelope(err.code, err.message));
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    const coded = typeof err.code === 'string' && err.code.startsWith('RELAY_ERR_');
    if (status >= 500 && !(coded && status !== 500)) {
      request.log.error({ err }, 'request failed');
      const internal = new RelayErrors.internal();
      reply.code(status).send(errorEnvelope(internal.code, internal.message));
      return;
    }
    if (status >= 500) request.log.warn({ err: { code: err.code, message: err.message } }, 'request refused');
    const code = err.validation ? 'RELAY_ERR_VALIDATION' : (err.code ?? 'RELAY_ERR_BAD_REQUEST');
    reply.code(status).send(errorEnvelope(code, err.message));
  });
}

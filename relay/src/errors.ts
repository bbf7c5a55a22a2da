import createError from '@fastify/error';

/** Every relay error, coded with its HTTP status. Documented in docs/relay.md. */
export const RelayErrors = {
  notFound: createError<[string, string]>('RELAY_ERR_NOT_FOUND', 'Route %s %s not found', 404),
} as const;

/** The JSON shape of every relay error response. */
export interface ErrorEnvelope {
  error: { code: string; message: string };
}

/** Builds the relay's error envelope. */
export function errorEnvelope(code: string, message: string): ErrorEnvelope {
  return { error: { code, message } };
}

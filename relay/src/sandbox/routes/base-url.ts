import type { FastifyRequest } from 'fastify';
import type { SandboxCore } from '../core.ts';

/** Base URL of links the sandbox hands out: `publicBaseUrl`, else the request's protocol and Host. */
export function baseUrlOf(core: SandboxCore, request: FastifyRequest): string {
  return core.options.publicBaseUrl ?? `${request.protocol}://${request.host}`;
}

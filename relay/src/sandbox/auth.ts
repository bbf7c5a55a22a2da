import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SandboxCore } from './core.ts';
import { parseBasicAuth } from './credentials.ts';
import { avvanceError, TokenReplyError } from './errors.ts';
import { readHeader } from './headers.ts';
import type { PartnerState } from './store.ts';

function sameSecret(a: string, b: string): boolean {
  // Hash first so that lengths never leak through timingSafeEqual.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * Authenticates the token endpoint's `Authorization: Basic base64(key:secret)`; anything else →
 * 401 `invalid_client` (token error shape).
 */
export function authenticateClient(core: SandboxCore, request: FastifyRequest): PartnerState {
  const creds = parseBasicAuth(readHeader(request, 'authorization'));
  if (creds) {
    for (const partner of core.store.partners.values()) {
      const ok =
        sameSecret(partner.config.clientKey, creds.key) &&
        sameSecret(partner.config.clientSecret, creds.secret);
      if (ok) return partner;
    }
  }
  throw new TokenReplyError(401, 'invalid_client');
}

/**
 * Authenticates a partner API call: `Authorization: Bearer <live token>` → the token's partner, else
 * 401 `401.44010.4010`. A `partner-ID` header naming another partner is refused the same way.
 */
export function authenticateBearer(core: SandboxCore, request: FastifyRequest): PartnerState {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(readHeader(request, 'authorization') ?? '');
  const partner = match ? core.partnerForToken(match[1]!) : undefined;
  if (!partner) throw avvanceError('unauthorized', 'Unauthorized: missing, unknown or expired bearer token');
  const claimed = readHeader(request, 'partner-id');
  if (claimed !== undefined && claimed !== partner.config.partnerId)
    throw avvanceError(
      'unauthorized',
      'partner-ID does not match the access token',
      'partner-ID',
      'Mismatch',
    );
  return partner;
}

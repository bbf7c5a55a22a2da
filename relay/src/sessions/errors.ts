import createError from '@fastify/error';

/**
 * Coded errors of team sessions and the webhook receiver, in the `RelayErrors` style
 * (relay/src/errors.ts; one error table for both in docs/relay.md). Documented in
 * docs/relay.md.
 */
export const SessionErrors = {
  notFound: createError<[string]>('RELAY_ERR_SESSION_NOT_FOUND', 'No team session has id "%s"', 404),
  forbidden: createError('RELAY_ERR_SESSION_FORBIDDEN', 'This team session belongs to another partner', 403),
  limit: createError('RELAY_ERR_SESSION_LIMIT', 'Too many team sessions on this relay; retry later', 503),
} as const;

/** Coded errors of `POST /v1/webhooks/:partnerId`. All 4xx: Avvance does not retry them. */
export const WebhookErrors = {
  unknownPartner: createError<[string]>(
    'RELAY_ERR_WEBHOOK_UNKNOWN_PARTNER',
    'No partner "%s" is configured on this relay',
    404,
  ),
  notConfigured: createError<[string]>(
    'RELAY_ERR_WEBHOOK_NOT_CONFIGURED',
    'Partner "%s" has no webhook receiver configured (partners[].webhook)',
    404,
  ),
  unauthorized: createError<[string]>(
    'RELAY_ERR_WEBHOOK_UNAUTHORIZED',
    'Webhook authentication failed: %s',
    401,
  ),
  badJson: createError('RELAY_ERR_WEBHOOK_BAD_JSON', 'The webhook body is not valid JSON', 400),
  methodNotAllowed: createError<[string]>(
    'RELAY_ERR_WEBHOOK_METHOD',
    'Method %s is not allowed: Avvance delivers webhooks with POST',
    405,
  ),
} as const;

import createError from '@fastify/error';

/** Every relay error, coded with its HTTP status. Documented in docs/relay.md. */
export const RelayErrors = {
  notFound: createError<[string, string]>('RELAY_ERR_NOT_FOUND', 'Route %s %s not found', 404),
  internal: createError('RELAY_ERR_INTERNAL', 'Internal error; see the relay log.', 500),

  // Configuration (start-up; the server prints the message and exits non-zero).
  configInvalid: createError<[string]>('RELAY_ERR_CONFIG_INVALID', 'Invalid relay configuration:\n%s', 500),
  configUnknownEnvironment: createError<[string]>(
    'RELAY_ERR_CONFIG_UNKNOWN_ENVIRONMENT',
    'Unknown environment "%s"',
    404,
  ),
  configEmbeddedNotListening: createError(
    'RELAY_ERR_CONFIG_EMBEDDED_NOT_LISTENING',
    'The embedded sandbox is reached over loopback once the relay listens; it is not listening yet',
    503,
  ),

  // Authentication and roles.
  authMissing: createError(
    'RELAY_ERR_AUTH_MISSING',
    'Missing access token: send "Authorization: Bearer <access token>"',
    401,
  ),
  authInvalid: createError('RELAY_ERR_AUTH_INVALID', 'Invalid access token', 401),
  authExpired: createError(
    'RELAY_ERR_AUTH_EXPIRED',
    'Access token expired: get a new one with POST /v1/auth/refresh',
    401,
  ),
  authWrongTokenType: createError<[string, string]>(
    'RELAY_ERR_AUTH_WRONG_TOKEN_TYPE',
    'Expected an %s token, got a %s token',
    401,
  ),
  authRefreshInvalid: createError(
    'RELAY_ERR_AUTH_REFRESH_INVALID',
    'Invalid or expired refresh token: sign in again',
    401,
  ),
  authRefreshReused: createError(
    'RELAY_ERR_AUTH_REFRESH_REUSED',
    'Refresh token already used: every token of this sign-in is revoked, sign in again',
    401,
  ),
  authKeyMissing: createError(
    'RELAY_ERR_AUTH_KEY_MISSING',
    'Missing relay API key: send "X-Relay-Key: <key>" or "Authorization: Bearer <key>"',
    401,
  ),
  authKeyInvalid: createError('RELAY_ERR_AUTH_KEY_INVALID', 'Unknown relay API key', 401),
  authKeyNotLoopback: createError(
    'RELAY_ERR_AUTH_KEY_NOT_LOOPBACK',
    'The default local API key is accepted only in local mode from this machine (loopback); configure a partner key',
    403,
  ),
  authLocalDisabled: createError(
    'RELAY_ERR_AUTH_LOCAL_DISABLED',
    'Local sign-in is disabled: this relay runs in OIDC mode (sign in with GET /v1/auth/oidc/login)',
    403,
  ),
  authNotLoopback: createError(
    'RELAY_ERR_AUTH_NOT_LOOPBACK',
    'Local sign-in is only for clients on the relay machine (loopback); this relay must run in OIDC mode to serve other hosts',
    403,
  ),
  authRedirectUri: createError(
    'RELAY_ERR_AUTH_REDIRECT_URI',
    'redirect_uri must be an extension redirect URL: https://<extension id>.chromiumapp.org/… or https://<id>.extensions.allizom.org/…',
    400,
  ),
  authOidcDisabled: createError(
    'RELAY_ERR_AUTH_OIDC_DISABLED',
    'OIDC sign-in is disabled: this relay runs in local mode (POST /v1/auth/local)',
    404,
  ),
  authOidcState: createError(
    'RELAY_ERR_AUTH_OIDC_STATE',
    'Sign-in state mismatch (possible cross-site request forgery): start the sign-in again',
    403,
  ),
  authOidcDenied: createError<[string]>(
    'RELAY_ERR_AUTH_OIDC_DENIED',
    'The identity provider refused the sign-in: %s',
    403,
  ),
  authOidcFailed: createError<[string]>(
    'RELAY_ERR_AUTH_OIDC_FAILED',
    'The identity provider exchange failed: %s',
    502,
  ),
  authOidcClaims: createError<[string]>('RELAY_ERR_AUTH_OIDC_CLAIMS', 'Sign-in refused: %s', 403),
  authForbiddenRole: createError<[string]>('RELAY_ERR_AUTH_FORBIDDEN_ROLE', 'This requires the %s role', 403),
  authForbiddenPartner: createError<[string]>(
    'RELAY_ERR_AUTH_FORBIDDEN_PARTNER',
    'Not allowed to act for partner "%s"',
    403,
  ),
  authForbiddenEnvironment: createError<[string]>(
    'RELAY_ERR_AUTH_FORBIDDEN_ENVIRONMENT',
    'Environment "%s" is production: only admins may use it',
    403,
  ),

  // Protection and operability.
  rateLimited: createError<[string]>(
    'RELAY_ERR_RATE_LIMITED',
    'Rate limit exceeded for this partner; retry in %s',
    429,
  ),
  overloaded: createError('RELAY_ERR_OVERLOADED', 'The relay is overloaded; retry shortly', 503),
  draining: createError('RELAY_ERR_DRAINING', 'The relay is shutting down; retry on another instance', 503),

  // Replay and pass-through (relay/src/upstream, routes/replay.ts, routes/proxy.ts).
  upstreamUnknownEnvironment: createError<[string, string]>(
    'RELAY_ERR_UPSTREAM_UNKNOWN_ENVIRONMENT',
    'Unknown environment "%s"; configured: %s',
    400,
  ),
  upstreamNoCredentials: createError<[string, string]>(
    'RELAY_ERR_UPSTREAM_NO_CREDENTIALS',
    'No Avvance credentials for partner "%s" in environment "%s": add them to the relay configuration (docs/configuration.md)',
    400,
  ),
  upstreamBadPath: createError<[string]>('RELAY_ERR_UPSTREAM_BAD_PATH', 'Refused path: %s', 400),
  upstreamBadHeader: createError<[string]>('RELAY_ERR_UPSTREAM_BAD_HEADER', 'Refused header: %s', 400),
  upstreamBodyTooLarge: createError<[number]>(
    'RELAY_ERR_UPSTREAM_BODY_TOO_LARGE',
    'Request body larger than %d bytes',
    413,
  ),
  replayBlocked: createError<[string, string]>('RELAY_ERR_REPLAY_BLOCKED', 'Replay of %s refused: %s', 403),
  proxyAuthInvalid: createError(
    'RELAY_ERR_PROXY_AUTH_INVALID',
    'Token request refused: send Basic credentials whose secret is a relay API key (or the partner credentials configured for this environment), or "X-Relay-Key: <key>"',
    401,
  ),
  upstreamTimeout: createError<[string, number]>(
    'RELAY_ERR_UPSTREAM_TIMEOUT',
    'Upstream "%s" did not answer within %d ms',
    504,
  ),
  upstreamUnreachable: createError<[string, string]>(
    'RELAY_ERR_UPSTREAM_UNREACHABLE',
    'Upstream "%s" unreachable: %s',
    502,
  ),
  upstreamTokenFailed: createError<[string, string]>(
    'RELAY_ERR_UPSTREAM_TOKEN_FAILED',
    'Could not get a partner token from environment "%s": %s',
    502,
  ),
  upstreamCircuitOpen: createError<[string, number]>(
    'RELAY_ERR_UPSTREAM_CIRCUIT_OPEN',
    'Upstream "%s" is failing; the relay stopped calling it for now (retry in %d s)',
    503,
  ),
} as const;

/** The JSON shape of every relay error response. */
export interface ErrorEnvelope {
  error: { code: string; message: string };
}

/** Builds the relay's error envelope. */
export function errorEnvelope(code: string, message: string): ErrorEnvelope {
  return { error: { code, message } };
}

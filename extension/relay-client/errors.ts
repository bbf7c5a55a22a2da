/**
 * Typed failures of the relay client, so the UI can say what to do: start the relay, sign in again, or
 * read the relay's own `{ error: { code, message } }` verbatim.
 */

/** The relay did not answer (not running, wrong URL, network down). */
export class RelayUnreachableError extends Error {
  override readonly name = 'RelayUnreachableError';
  readonly kind = 'unreachable' as const;
  constructor(
    readonly relayUrl: string,
    cause?: unknown,
  ) {
    super(`The relay at ${relayUrl} is not reachable. Is it running (npm start)?`, { cause });
  }
}

/** Not signed in, or the sign-in expired and could not be refreshed: sign in again. */
export class RelaySignInRequiredError extends Error {
  override readonly name = 'RelaySignInRequiredError';
  readonly kind = 'sign-in' as const;
  constructor(
    message = 'Your relay sign-in expired. Sign in again.',
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The relay refused the call with its JSON error envelope (shown verbatim). */
export class RelayApiError extends Error {
  override readonly name = 'RelayApiError';
  readonly kind = 'api' as const;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole JSON body (e.g. `exchange` on upstream timeouts). */
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** Any relay-client failure. */
export type RelayClientError = RelayUnreachableError | RelaySignInRequiredError | RelayApiError;

/** True for the typed relay-client failures. */
export function isRelayClientError(e: unknown): e is RelayClientError {
  return (
    e instanceof RelayUnreachableError || e instanceof RelaySignInRequiredError || e instanceof RelayApiError
  );
}

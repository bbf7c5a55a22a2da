import { useSignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { relayClient } from '../relay-client/browser-client.ts';
import { RelayApiError, RelaySignInRequiredError, RelayUnreachableError } from '../relay-client/errors.ts';

/**
 * A relay failure explained with what to do: start the relay / fix its URL, sign in again (one click,
 * then `onRetry`), or the relay's `{ error: { code, message } }` verbatim (replay-blocked endpoints get
 * the relay's reason, not a generic error).
 */
export function ReplayError({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const signing = useSignal('');
  const signIn = async (): Promise<void> => {
    signing.value = 'Signing in…';
    try {
      await relayClient().signIn();
      signing.value = '';
      onRetry?.();
    } catch (e: unknown) {
      signing.value = (e as Error).message;
    }
  };
  const openOptions = (): void => void browser.runtime.openOptionsPage();

  if (error instanceof RelayUnreachableError) {
    return (
      <div class="relay-error" role="alert" data-testid="relay-error" data-kind="unreachable">
        <strong>Relay not reachable</strong>
        <p>{error.message}</p>
        <button type="button" class="toolbar-button" onClick={openOptions}>
          Relay settings
        </button>
        {onRetry ? (
          <button type="button" class="toolbar-button" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    );
  }
  if (error instanceof RelaySignInRequiredError) {
    return (
      <div class="relay-error" role="alert" data-testid="relay-error" data-kind="sign-in">
        <strong>Sign-in needed</strong>
        <p>{error.message}</p>
        <button type="button" class="toolbar-button" data-testid="re-sign-in" onClick={() => void signIn()}>
          Sign in again
        </button>
        <span class="relay-error-note">{signing}</span>
      </div>
    );
  }
  if (error instanceof RelayApiError) {
    const blocked = error.code === 'RELAY_ERR_REPLAY_BLOCKED';
    return (
      <div class="relay-error" role="alert" data-testid="relay-error" data-kind={blocked ? 'blocked' : 'api'}>
        <strong>
          {blocked ? 'Replay blocked by the relay' : `The relay refused the call (${error.status})`}
        </strong>
        <p>
          <code data-testid="relay-error-code">{error.code}</code>{' '}
          <span data-testid="relay-error-message">{error.message}</span>
        </p>
      </div>
    );
  }
  return (
    <div class="relay-error" role="alert" data-testid="relay-error" data-kind="other">
      <strong>Send failed</strong>
      <p>{error.message}</p>
    </div>
  );
}

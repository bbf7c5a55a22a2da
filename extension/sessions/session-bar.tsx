import './sessions.css';
import { useComputed, useSignal } from '@preact/signals';
import type { Member } from '../../shared/src/protocol/index.ts';
import { copyText } from '../utils/clipboard.ts';
import type { ConnectionState, SessionModelInstance } from './session-model.ts';
import { describeGap } from './session-model.ts';

const STATE_TEXT: Record<ConnectionState, string> = {
  offline: 'Not in a team session',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting',
  failed: 'Disconnected',
};

/** One chip per person (a user with two panels has two connections). */
function people(members: readonly Member[]): { userId: string; name: string; state: string; n: number }[] {
  const byUser = new Map<string, { userId: string; name: string; state: string; n: number }>();
  for (const m of members) {
    const seen = byUser.get(m.userId);
    if (seen) {
      seen.n++;
      if (m.state === 'active') seen.state = 'active';
    } else byUser.set(m.userId, { userId: m.userId, name: m.name, state: m.state, n: 1 });
  }
  return [...byUser.values()];
}

/**
 * Team-session bar: start / join (paste a share URL) / leave, the share URL with a copy button, the
 * members, and the connection indicator with gap notices. `canStart` hides "Start" (the web viewer).
 */
export function SessionBar({
  session,
  canStart = true,
}: {
  session: SessionModelInstance;
  canStart?: boolean;
}) {
  const joinText = useSignal('');
  const copied = useSignal(false);
  const info = session.session.value;
  const state = session.state.value;
  const gapText = useComputed(() => {
    const last = session.gaps.value.at(-1);
    return last ? describeGap(last) : '';
  });
  const retryText = useComputed(() => {
    const ms = session.retryInMs.value;
    return session.state.value === 'reconnecting' && ms !== undefined
      ? ` in ${(ms / 1000).toFixed(1)} s`
      : '';
  });

  const join = (e: Event): void => {
    e.preventDefault();
    if (joinText.value.trim()) void session.join(joinText.value);
  };

  return (
    <section class="session-bar" data-testid="session-bar" aria-label="Team session">
      <span class={`session-state session-state--${state}`} data-testid="session-state" data-state={state}>
        <span class="session-dot" aria-hidden="true" />
        {STATE_TEXT[state]}
        {retryText}
      </span>
      {info ? (
        <>
          <span class="session-name" title={info.id}>
            {info.name}
          </span>
          <input
            class="session-share"
            data-testid="share-url"
            readOnly
            value={info.shareUrl}
            aria-label="Share URL"
            onFocus={(e) => (e.currentTarget as HTMLInputElement).select()}
          />
          <button
            type="button"
            data-testid="copy-share-url"
            onClick={async () => {
              copied.value = await copyText(info.shareUrl);
            }}
          >
            {copied.value ? 'Copied' : 'Copy link'}
          </button>
          <ul class="session-members" data-testid="members" aria-label="Members">
            {people(session.members.value).map((p) => (
              <li key={p.userId} class={`member member--${p.state}`} data-testid="member" title={p.state}>
                {p.name}
                {p.n > 1 ? ` ×${p.n}` : ''}
              </li>
            ))}
          </ul>
          {(state === 'reconnecting' || state === 'failed') && (
            <button type="button" data-testid="session-retry" onClick={() => session.retryNow()}>
              Retry now
            </button>
          )}
          <button type="button" data-testid="session-leave" onClick={() => session.leave()}>
            Leave
          </button>
        </>
      ) : (
        <form class="session-join" onSubmit={join}>
          {canStart && (
            <button type="button" data-testid="session-start" onClick={() => void session.start()}>
              Start session
            </button>
          )}
          <input
            data-testid="join-url"
            placeholder="Paste a share URL to join"
            aria-label="Share URL to join"
            value={joinText.value}
            onInput={(e) => {
              joinText.value = (e.currentTarget as HTMLInputElement).value;
            }}
          />
          <button type="submit" data-testid="session-join">
            Join
          </button>
          <button
            type="button"
            data-testid="session-join-default"
            title="Your partner's default session: proxy, replay and webhook calls"
            onClick={() => void session.join('default')}
          >
            Relay stream
          </button>
        </form>
      )}
      {gapText.value && (
        <span class="session-gap" role="status" data-testid="session-gap">
          ⚠ {gapText}
          <button
            type="button"
            class="link-button"
            aria-label="Dismiss"
            onClick={() => session.dismissGaps()}
          >
            ×
          </button>
        </span>
      )}
      {session.error.value && state !== 'live' && (
        <span class="session-error" role="alert" data-testid="session-error">
          {session.error}
        </span>
      )}
    </section>
  );
}

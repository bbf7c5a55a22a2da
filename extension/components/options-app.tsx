import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { type DetectionRuleError, validateDetectionRules } from '../../shared/src/detect/index.ts';
import { relayClient } from '../relay-client/browser-client.ts';
import { normalizeRelayUrl, type WorkbenchSettings } from '../relay-client/settings.ts';
import { BackgroundCaptureSites } from './background-capture-sites.tsx';
import { ReplayError } from './replay-error.tsx';

type Reach = { kind: 'checking' } | { kind: 'ok'; mode: string } | { kind: 'down'; error: Error };

/**
 * Options: relay URL, sign-in/out (one click in local mode, browser sign-in in OIDC mode), status line,
 * detection rules (validated inline), extra masking keys and the default environment.
 */
export function OptionsApp() {
  const client = relayClient();
  const settings = useSignal<WorkbenchSettings | undefined>(undefined);
  const relayUrl = useSignal('');
  const rulesText = useSignal('[]');
  const keysText = useSignal('');
  const environment = useSignal('');
  // Local mode: the name teammates see on your calls in a team session (the relay's default otherwise).
  const displayName = useSignal('');
  const reach = useSignal<Reach>({ kind: 'checking' });
  const authError = useSignal<Error | undefined>(undefined);
  const ruleErrors = useSignal<DetectionRuleError[]>([]);
  const urlError = useSignal('');
  const saved = useSignal('');

  const check = async (): Promise<void> => {
    reach.value = { kind: 'checking' };
    try {
      const h = await client.health();
      reach.value = { kind: 'ok', mode: h.mode };
    } catch (e: unknown) {
      reach.value = { kind: 'down', error: e as Error };
    }
  };

  const load = async (): Promise<void> => {
    const s = await client.getSettings();
    settings.value = s;
    relayUrl.value = s.relayUrl;
    rulesText.value = JSON.stringify(s.detectionRules, null, 2);
    keysText.value = s.extraMaskingKeys.join('\n');
    environment.value = s.defaultEnvironment;
    displayName.value = s.user?.name ?? '';
    await check();
  };

  useEffect(() => {
    void load();
  }, []);

  const saveUrl = async (): Promise<void> => {
    const url = normalizeRelayUrl(relayUrl.value);
    if (!url) {
      urlError.value =
        'Enter an http(s) URL without path credentials, query or fragment, e.g. http://127.0.0.1:8787';
      return;
    }
    urlError.value = '';
    const changed = url !== settings.value?.relayUrl;
    // Tokens belong to one relay: a new URL means signing in again.
    settings.value = await client.saveSettings(
      changed
        ? {
            relayUrl: url,
            token: undefined,
            refreshToken: undefined,
            tokenExpiresAt: undefined,
            user: undefined,
          }
        : { relayUrl: url },
    );
    await check();
  };

  const signIn = async (): Promise<void> => {
    authError.value = undefined;
    await saveUrl();
    if (urlError.value) return;
    try {
      const name = displayName.value.trim();
      await client.signIn(name ? { name } : {});
    } catch (e: unknown) {
      authError.value = e as Error;
    }
    settings.value = await client.getSettings();
  };

  const signOut = async (): Promise<void> => {
    await client.signOut();
    settings.value = await client.getSettings();
  };

  const saveOthers = async (): Promise<void> => {
    saved.value = '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(rulesText.value || '[]');
    } catch (e: unknown) {
      ruleErrors.value = [{ index: -1, message: `not JSON: ${(e as Error).message}` }];
      return;
    }
    const rules = validateDetectionRules(parsed);
    if (!rules.ok) {
      ruleErrors.value = rules.errors;
      return;
    }
    ruleErrors.value = [];
    settings.value = await client.saveSettings({
      detectionRules: rules.rules,
      extraMaskingKeys: keysText.value
        .split(/[\n,]/)
        .map((k) => k.trim())
        .filter((k) => k !== ''),
      defaultEnvironment: environment.value.trim(),
    });
    saved.value = 'Saved.';
  };

  const s = settings.value;
  const r = reach.value;
  const signedIn = !!s?.token && !!s.user;
  const expired =
    signedIn && s.tokenExpiresAt !== undefined && s.tokenExpiresAt <= Date.now() && !s.refreshToken;
  return (
    <main class="page options" data-testid="options">
      <h1>Avvance Workbench options</h1>
      <h2>Relay</h2>
      <label>
        Relay URL
        <div class="builder-line">
          <input
            class="builder-input"
            data-testid="relay-url"
            value={relayUrl.value}
            onInput={(e) => {
              relayUrl.value = (e.currentTarget as HTMLInputElement).value;
            }}
          />
          <button
            type="button"
            class="toolbar-button"
            data-testid="relay-url-save"
            onClick={() => void saveUrl()}
          >
            Save &amp; check
          </button>
        </div>
      </label>
      {urlError.value ? <p class="field-error">{urlError}</p> : null}
      <p
        class="status-line"
        data-testid="relay-status"
        data-ok={r.kind === 'ok' && signedIn ? 'true' : r.kind === 'checking' ? undefined : 'false'}
      >
        {r.kind === 'checking'
          ? 'Checking the relay…'
          : r.kind === 'down'
            ? `Relay not reachable at ${s?.relayUrl ?? relayUrl.value}. Start it (npm start) or fix the URL.`
            : `Relay reachable (${r.mode} mode). `}
        {r.kind === 'ok'
          ? signedIn
            ? `Signed in as ${s.user!.name} (${s.user!.role}, partner ${s.user!.partnerId}).`
            : 'Not signed in.'
          : ''}
        {expired ? ' Your sign-in expired.' : ''}
      </p>
      {r.kind === 'ok' && r.mode === 'local' ? (
        <label>
          Your name in team sessions (local mode)
          <input
            class="builder-input"
            data-testid="display-name"
            placeholder="Local developer"
            maxLength={64}
            value={displayName.value}
            onInput={(e) => {
              displayName.value = (e.currentTarget as HTMLInputElement).value;
            }}
          />
        </label>
      ) : null}
      <div class="builder-line">
        <button
          type="button"
          class="toolbar-button toolbar-button--primary"
          data-testid="sign-in"
          onClick={() => void signIn()}
        >
          {signedIn
            ? 'Sign in again'
            : r.kind === 'ok' && r.mode !== 'local'
              ? 'Sign in with your identity provider'
              : 'Sign in'}
        </button>
        {signedIn ? (
          <button type="button" class="toolbar-button" data-testid="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        ) : null}
      </div>
      {authError.value ? <ReplayError error={authError.value} onRetry={() => void signIn()} /> : null}

      <h2>Replay</h2>
      <label>
        Default environment (empty = the relay's first)
        <input
          class="builder-input"
          data-testid="default-environment"
          value={environment.value}
          onInput={(e) => {
            environment.value = (e.currentTarget as HTMLInputElement).value;
          }}
        />
      </label>
      <h2>Capture and masking</h2>
      <label>
        Extra detection rules (JSON array, see docs/extension.md)
        <textarea
          data-testid="detection-rules"
          spellcheck={false}
          value={rulesText.value}
          onInput={(e) => {
            rulesText.value = (e.currentTarget as HTMLTextAreaElement).value;
          }}
        />
      </label>
      {ruleErrors.value.length > 0 ? (
        <ul class="field-error" data-testid="detection-rule-errors">
          {ruleErrors.value.map((e) => (
            <li key={`${e.index}|${e.message}`}>
              {e.index >= 0 ? `Rule ${e.index + 1}: ` : ''}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <label>
        Extra masking keys (one per line; masked as PII in every body, header and query; open panels apply
        them at once to calls recorded after saving)
        <textarea
          data-testid="masking-keys"
          spellcheck={false}
          value={keysText.value}
          onInput={(e) => {
            keysText.value = (e.currentTarget as HTMLTextAreaElement).value;
          }}
        />
      </label>
      <div class="builder-line">
        <button
          type="button"
          class="toolbar-button"
          data-testid="options-save"
          onClick={() => void saveOthers()}
        >
          Save
        </button>
        <span class="builder-note" role="status" data-testid="options-saved">
          {saved}
        </span>
      </div>
      <BackgroundCaptureSites />
    </main>
  );
}

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { siteOrigin } from '../background/site-access.ts';
import { disableSite, enableSite, listSites } from '../background/site-toggle.ts';

/**
 * Options page section: the sites with background capture on (recorded before DevTools opens), each
 * removable, and a field to add one (asks for that site's host permission).
 */
export function BackgroundCaptureSites() {
  const sites = useSignal<readonly string[]>([]);
  const input = useSignal('');
  const error = useSignal('');

  const refresh = async (): Promise<void> => {
    sites.value = await listSites();
  };
  useEffect(() => {
    void refresh();
  }, []);

  const add = (): void => {
    const origin = siteOrigin(input.value.trim());
    if (!origin) {
      error.value = 'Enter the site as an http(s) URL, e.g. http://127.0.0.1:5173';
      return;
    }
    error.value = '';
    // permissions.request must run inside the click's user gesture: nothing is awaited before it.
    void enableSite(origin).then(
      async (granted) => {
        if (!granted) error.value = `Access to ${origin} was declined: not recording it.`;
        else input.value = '';
        await refresh();
      },
      (e: unknown) => {
        error.value = e instanceof Error ? e.message : String(e);
      },
    );
  };

  return (
    <section data-testid="background-capture-sites">
      <h2>Background capture</h2>
      <p class="builder-note">
        Sites whose Avvance calls are recorded in the page, also before DevTools is opened (masked, kept per
        tab until the tab closes). Turn it on from the panel's toolbar or add a site here.
      </p>
      {sites.value.length === 0 ? (
        <p class="builder-note" data-testid="background-capture-none">
          No site.
        </p>
      ) : (
        <ul>
          {sites.value.map((s) => (
            <li key={s} data-testid="background-capture-site">
              <code>{s}</code>{' '}
              <button
                type="button"
                class="link-button"
                data-testid="background-capture-remove"
                onClick={() => void disableSite(s).then(refresh)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="builder-line">
        <input
          class="builder-input"
          data-testid="background-capture-origin"
          placeholder="http://127.0.0.1:5173"
          value={input.value}
          onInput={(e) => {
            input.value = (e.currentTarget as HTMLInputElement).value;
          }}
        />
        <button type="button" class="toolbar-button" data-testid="background-capture-add" onClick={add}>
          Add site
        </button>
      </div>
      {error.value ? (
        <p class="field-error" role="alert" data-testid="background-capture-error">
          {error.value}
        </p>
      ) : null}
    </section>
  );
}

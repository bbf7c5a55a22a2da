import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { SITES_STORAGE_KEY, siteOrigin } from '../background/site-access.ts';
import { disableSite, enableSite, listSites } from '../background/site-toggle.ts';
import { recordedBeforeDevtools } from '../capture/buffered-merge-source.ts';

interface InspectedWindow {
  eval(expression: string, callback: (result: unknown) => void): void;
}

/** The inspected page's origin (DevTools API, no permission), or `undefined` outside DevTools. */
function readInspectedOrigin(done: (origin: string | undefined) => void): void {
  const inspected = (browser as { devtools?: { inspectedWindow?: InspectedWindow } } | undefined)?.devtools
    ?.inspectedWindow;
  if (!inspected) return;
  try {
    inspected.eval('location.href', (href) => done(siteOrigin(typeof href === 'string' ? href : undefined)));
  } catch {
    done(undefined);
  }
}

/**
 * Toolbar control of background capture for the inspected site: "Record <host> before DevTools opens"
 * (asks for that site's host permission), and how many listed calls were recorded that way. Renders
 * nothing outside DevTools (the web viewer shares the toolbar).
 */
export function BackgroundCaptureToggle() {
  const origin = useSignal<string | undefined>(undefined);
  const sites = useSignal<readonly string[]>([]);
  const note = useSignal('');
  // `browser` is undefined in the web viewer on Firefox, and has no `devtools` in any web page.
  const inDevtools = (browser as { devtools?: unknown } | undefined)?.devtools !== undefined;

  useEffect(() => {
    if (!inDevtools) return;
    readInspectedOrigin((o) => {
      origin.value = o;
    });
    const refresh = (): void => {
      void listSites().then((s) => {
        sites.value = s;
      });
    };
    refresh();
    const onNavigated = (url: string): void => {
      origin.value = siteOrigin(url);
      note.value = '';
    };
    const onStorage = (changes: Record<string, unknown>, area: string): void => {
      if (area === 'local' && SITES_STORAGE_KEY in changes) refresh();
    };
    browser.devtools.network.onNavigated.addListener(onNavigated);
    browser.storage.onChanged.addListener(onStorage);
    return () => {
      browser.devtools.network.onNavigated.removeListener(onNavigated);
      browser.storage.onChanged.removeListener(onStorage);
    };
  }, []);

  if (!inDevtools) return null;
  const site = origin.value;
  const on = site !== undefined && sites.value.includes(site);
  const host = site ? new URL(site).host : 'this site';
  const before = recordedBeforeDevtools.value;

  const onChange = (e: Event): void => {
    const input = e.currentTarget as HTMLInputElement;
    if (!site) return;
    // permissions.request must run inside the click's user gesture: no await before it.
    const change = input.checked ? enableSite(site) : disableSite(site).then(() => true);
    const turningOn = input.checked;
    void change.then(
      (ok) => {
        note.value = ok
          ? turningOn
            ? 'On from the next page load'
            : ''
          : 'Permission declined: not recording';
        input.checked = ok ? turningOn : !turningOn;
      },
      (err: unknown) => {
        note.value = `Could not change background capture: ${err instanceof Error ? err.message : String(err)}`;
        input.checked = !turningOn;
      },
    );
  };

  return (
    <>
      <label
        class="toggle"
        title="Record this site's Avvance calls in the page, also while DevTools is closed (masked, kept per tab until it closes). Asks for access to this site."
      >
        <input
          type="checkbox"
          data-testid="background-capture"
          checked={on}
          disabled={site === undefined}
          onChange={onChange}
        />
        Record {host} before DevTools opens
      </label>
      {note.value ? (
        <span class="toolbar-status" data-testid="background-capture-note" role="status">
          {note.value}
        </span>
      ) : null}
      {before > 0 ? (
        <span
          class="toolbar-badge"
          data-testid="recorded-before-count"
          title="Calls the page script recorded before DevTools was opened (masked when recorded)"
        >
          {before} recorded before DevTools opened
        </span>
      ) : null}
    </>
  );
}

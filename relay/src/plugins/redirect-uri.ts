/**
 * Redirect URIs the relay hands tokens to (in the URL fragment) at the end of a browser sign-in: only the
 * extension redirect URLs of `identity.launchWebAuthFlow`, which the browser intercepts and delivers to
 * the extension that started the flow (never to a web page).
 */

// Chrome extension ids are 32 letters a-p; Firefox's redirect host is a hex hash of the add-on id.
const CHROME_HOST = /^[a-p]{32}\.chromiumapp\.org$/;
const FIREFOX_HOST = /^[0-9a-f]{16,64}\.extensions\.allizom\.org$/;

/** The parsed URI when `value` is an extension redirect URL (`https://<id>.chromiumapp.org/…`, `https://<id>.extensions.allizom.org/…`). */
export function parseExtensionRedirectUri(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port || url.hash) return undefined;
  if (!CHROME_HOST.test(url.hostname) && !FIREFOX_HOST.test(url.hostname)) return undefined;
  return url;
}

/** `redirectUri` with `params` in its fragment (`#access_token=…&refresh_token=…`). */
export function withFragment(redirectUri: URL, params: Record<string, string>): string {
  const url = new URL(redirectUri.href);
  url.hash = new URLSearchParams(params).toString();
  return url.href;
}

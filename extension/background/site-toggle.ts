import { browser } from 'wxt/browser';
import { readSites, sitePattern, writeSite } from './site-access.ts';

/**
 * Turns background capture on for `origin` from an extension page (panel or options). Must be called
 * straight from a click handler: `permissions.request` needs the user gesture. Resolves `false` when
 * the user declines the host permission. The background registers the page scripts when it sees the
 * stored list change (they run from the site's next page load).
 */
export async function enableSite(origin: string): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [sitePattern(origin)] });
  if (!granted) return false;
  await writeSite(browser.storage.local, origin, true);
  return true;
}

/**
 * Turns background capture off for `origin`: removes it from the list (the background unregisters its
 * scripts) and gives back the host permission unless another opted-in site on the same host needs it.
 */
export async function disableSite(origin: string): Promise<void> {
  const sites = await writeSite(browser.storage.local, origin, false);
  const pattern = sitePattern(origin);
  if (!sites.some((s) => sitePattern(s) === pattern)) {
    await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
  }
}

/** The opted-in origins. */
export function listSites(): Promise<string[]> {
  return readSites(browser.storage.local);
}

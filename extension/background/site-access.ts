/**
 * Background capture is opt-in per site. A site is an origin (`http://127.0.0.1:5173`); its permission
 * and content-script match pattern cover the host (`http://127.0.0.1/*`), because match patterns have
 * no port. The list lives in `storage.local` (origins only, no captured data).
 */

/** `storage.local` key of the opted-in origins. */
export const SITES_STORAGE_KEY = 'backgroundCaptureSites';

/** Content-script files (WXT unlisted scripts, built next to the manifest). */
export const PAGE_SCRIPT_FILE = 'page-capture.js';
export const RELAY_SCRIPT_FILE = 'page-capture-relay.js';

/** The http(s) origin of `url`, or `undefined` (file:, chrome:, malformed…). */
export function siteOrigin(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const u = new URL(url);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
}

/** The host permission / match pattern that covers `origin` (`http://127.0.0.1/*`). */
export function sitePattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}

/** `registerContentScripts` ids of a site's two scripts (ids may not start with `_`). */
export function scriptIds(origin: string): { page: string; relay: string } {
  const slug = origin.replace(/[^a-zA-Z0-9]+/g, '-');
  return { page: `bgc-page-${slug}`, relay: `bgc-relay-${slug}` };
}

/** The parts of `browser.storage.local` used here. */
export interface SitesStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Reads the opted-in origins (invalid stored values are ignored). */
export async function readSites(storage: SitesStorage): Promise<string[]> {
  const stored = (await storage.get(SITES_STORAGE_KEY))[SITES_STORAGE_KEY];
  if (!Array.isArray(stored)) return [];
  return [...new Set(stored.filter((s): s is string => typeof s === 'string' && siteOrigin(s) === s))];
}

/** Adds or removes one origin and returns the new list. */
export async function writeSite(storage: SitesStorage, origin: string, on: boolean): Promise<string[]> {
  const sites = (await readSites(storage)).filter((s) => s !== origin);
  if (on) sites.push(origin);
  sites.sort();
  await storage.set({ [SITES_STORAGE_KEY]: sites });
  return sites;
}

/** What `registerContentScripts` takes for one site: the relay (isolated) and the page script (MAIN). */
export function contentScriptsFor(origin: string): {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_start';
  allFrames: false;
  persistAcrossSessions: true;
  world?: 'MAIN' | 'ISOLATED';
}[] {
  const ids = scriptIds(origin);
  const matches = [sitePattern(origin)];
  const common = { matches, runAt: 'document_start', allFrames: false, persistAcrossSessions: true } as const;
  return [
    { id: ids.relay, js: [RELAY_SCRIPT_FILE], ...common, world: 'ISOLATED' },
    { id: ids.page, js: [PAGE_SCRIPT_FILE], ...common, world: 'MAIN' },
  ];
}

import { contentScriptsFor, scriptIds, sitePattern } from './site-access.ts';

/** The parts of `browser.scripting` used to (un)register the page scripts. */
export interface ScriptingApi {
  getRegisteredContentScripts(): Promise<{ id: string }[]>;
  registerContentScripts(scripts: ReturnType<typeof contentScriptsFor>): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

/** The part of `browser.permissions` used to check a site's host permission. */
export interface PermissionsApi {
  contains(p: { origins: string[] }): Promise<boolean>;
}

/**
 * Makes the registered content scripts match `sites`: registers both scripts of every opted-in site
 * whose host permission is granted, unregisters the scripts of every other site. Returns the sites
 * that are recording (registered).
 */
export async function syncRegistrations(
  scripting: ScriptingApi,
  permissions: PermissionsApi,
  sites: readonly string[],
): Promise<string[]> {
  const registered = new Set((await scripting.getRegisteredContentScripts()).map((s) => s.id));
  const wanted = new Set<string>();
  const recording: string[] = [];
  for (const origin of sites) {
    if (!(await permissions.contains({ origins: [sitePattern(origin)] }))) continue;
    const ids = scriptIds(origin);
    wanted.add(ids.page);
    wanted.add(ids.relay);
    recording.push(origin);
    if (!registered.has(ids.page) || !registered.has(ids.relay)) {
      const stale = [ids.page, ids.relay].filter((id) => registered.has(id));
      if (stale.length > 0) await scripting.unregisterContentScripts({ ids: stale });
      await scripting.registerContentScripts(contentScriptsFor(origin));
    }
  }
  const extra = [...registered].filter((id) => id.startsWith('bgc-') && !wanted.has(id));
  if (extra.length > 0) await scripting.unregisterContentScripts({ ids: extra });
  return recording;
}

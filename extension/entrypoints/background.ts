import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import {
  BackgroundCaptureService,
  type PortLike,
  type SessionStorage,
} from '../background/background-service.ts';
import { readSites, SITES_STORAGE_KEY } from '../background/site-access.ts';
import { type ScriptingApi, syncRegistrations } from '../background/site-registration.ts';
import {
  effectiveDetectionRules,
  getSettings,
  type WorkbenchSettings,
  watchSettings,
} from '../relay-client/settings.ts';

/**
 * Background capture (opt-in per site): keeps the page scripts registered for the opted-in sites and
 * runs {@link BackgroundCaptureService}. Logic lives in `extension/background/`.
 */
export default defineBackground(() => {
  const session = (browser.storage as { session?: SessionStorage }).session;
  const service = new BackgroundCaptureService(session);
  // The options page's extra masking keys and detection rules apply to what is buffered too.
  const applySettings = (settings: WorkbenchSettings): void => {
    service.setExtraMaskingKeys(settings.extraMaskingKeys);
    service.setDetectionRules(effectiveDetectionRules(settings));
  };
  void getSettings(browser.storage.local).then(applySettings, () => undefined);
  watchSettings(browser.storage.onChanged, applySettings);

  const scripting = browser.scripting as unknown as ScriptingApi;
  let syncing: Promise<unknown> = Promise.resolve();
  const sync = (): void => {
    syncing = syncing
      .then(async () =>
        syncRegistrations(scripting, browser.permissions, await readSites(browser.storage.local)),
      )
      .catch((e: unknown) => console.warn('background capture: could not register page scripts', e));
  };

  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    // Returning a promise only for our messages leaves other listeners' replies alone.
    if (typeof message !== 'object' || message === null) return undefined;
    const type = (message as { type?: unknown }).type;
    if (typeof type !== 'string' || !type.startsWith('avvance-bgc/')) return undefined;
    return service.onMessage(message, sender).then(() => undefined);
  });
  browser.runtime.onConnect.addListener((port) => service.onConnect(port as unknown as PortLike));
  browser.tabs.onRemoved.addListener((tabId) => service.onTabRemoved(tabId));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SITES_STORAGE_KEY in changes) sync();
  });
  browser.permissions.onRemoved.addListener(() => sync());
  browser.permissions.onAdded.addListener(() => sync());
  sync();
});

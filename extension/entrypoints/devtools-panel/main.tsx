import '../../components/panel.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { type DetectionRules, isAvvanceCall } from '../../../shared/src/detect/index.ts';
import { SAVED_FILTERS_KEY } from '../../capsules/saved-filters.ts';
import { SavedFiltersModel, sessionShareChannel } from '../../capsules/saved-filters-model.ts';
import { panelCaptureSource } from '../../capture/background-capture.ts';
import { PanelApp } from '../../components/panel-app.tsx';
import { CaptureModel } from '../../models/capture-model.ts';
import { PanelViewModel } from '../../models/panel-view-model.ts';
import { extensionStorage } from '../../relay-client/browser-client.ts';
import {
  effectiveDetectionRules,
  getSettings,
  type WorkbenchSettings,
  watchSettings,
} from '../../relay-client/settings.ts';
import { panelSession } from '../../sessions/panel-session.ts';
import { applyTheme, themeFor } from '../../utils/theme.ts';

main();

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('devtools-panel.html has no #app element');
  const panels = browser.devtools.panels;
  const prefersDark = window.matchMedia('(prefers-color-scheme: dark)');
  applyTheme(themeFor(panels.themeName, prefersDark.matches));
  // Firefox tells the panel when the DevTools theme changes; Chrome reloads the panel instead.
  const themed = panels as { onThemeChanged?: { addListener(cb: (name: string) => void): void } };
  themed.onThemeChanged?.addListener((name) => applyTheme(themeFor(name, prefersDark.matches)));

  const network = browser.devtools.network;
  const team = panelSession();
  // The options' detection rules; replaced when they change (the source asks per request).
  let detection: DetectionRules | undefined;
  const capture = new CaptureModel({
    source: team.withStream(
      // DevTools capture plus background capture (calls recorded before DevTools opened, lost bodies).
      panelCaptureSource({
        network,
        tabId: browser.devtools.inspectedWindow.tabId,
        connect: (info) => browser.runtime.connect(info),
        isAvvance: (url) => isAvvanceCall(url, detection),
      }),
    ),
  });
  const savedFilters = new SavedFiltersModel({
    storage: extensionStorage(),
    channel: sessionShareChannel(team.session),
  });
  void savedFilters.load();
  // Another panel (or DevTools window) of this profile saved or deleted one: show the same list.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SAVED_FILTERS_KEY in changes) void savedFilters.load();
  });
  const view = new PanelViewModel(capture, { savedFilters });
  team.publishFrom(capture);
  network.onNavigated.addListener(() => view.navigated());
  // Options-page settings apply live: detection rules and extra masking keys, to calls recorded from then on.
  const apply = (settings: WorkbenchSettings): void => {
    detection = effectiveDetectionRules(settings);
    capture.setExtraMaskingKeys(settings.extraMaskingKeys);
  };
  watchSettings(browser.storage.onChanged, apply);
  // Capture starts once the settings are read, so backfilled calls are masked with them too.
  void getSettings(extensionStorage())
    .then(apply, () => {})
    .finally(() => capture.start());
  render(<PanelApp model={view} session={team.session} />, root);
}

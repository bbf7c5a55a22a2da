import { browser } from 'wxt/browser';
import { maskExchange } from '../../shared/src/mask/index.ts';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { extensionStorage, relayClient } from '../relay-client/browser-client.ts';
import { BuilderModel, type BuilderModelInstance } from './builder-model.ts';
import { PENDING_DRAFT_KEY, takePendingDraft } from './pending-open.ts';

const builders = new WeakMap<PanelViewModelInstance, BuilderModelInstance>();

/**
 * The panel's request builder (one per panel): sends through the page's relay client, masks results with
 * the panel session's masking options, finds originals in panel memory, and picks up a draft the popup
 * left ("open in panel") — at start and while the panel is open.
 */
export function builderFor(panel: PanelViewModelInstance): BuilderModelInstance {
  const existing = builders.get(panel);
  if (existing) return existing;
  const client = relayClient();
  let partnerId: string | undefined;
  const loadUser = (): void => {
    void client.getSettings().then((s) => {
      partnerId = s.user?.partnerId;
    });
  };
  loadUser();
  const builder = new BuilderModel({
    send: (input) => client.replay(input),
    mask: (x) => maskExchange(x, panel.capture.maskOptions()).value,
    findCaptured: (id) => panel.capture.exchanges.peek().find((e) => e.id === id),
    partnerId: () => partnerId,
  });
  builders.set(panel, builder);

  const storage = extensionStorage();
  const pickUp = (): void => {
    void takePendingDraft(storage).then((draft) => {
      if (!draft) return;
      builder.openDraft(draft);
      panel.setTab('builder');
    });
  };
  pickUp();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (changes[PENDING_DRAFT_KEY]?.newValue) pickUp();
    if (changes['workbench.settings']) loadUser();
  });
  return builder;
}

/** Opens a captured call in the builder ("Edit & replay"); `send` also sends it at once ("Retry"). */
export function editAndReplay(panel: PanelViewModelInstance, exchangeId: string, send = false): void {
  const builder = builderFor(panel);
  const call = panel.capture.exchanges.peek().find((e) => e.id === exchangeId);
  if (!call) return;
  builder.openCall(call);
  panel.setTab('builder');
  if (send) void builder.send();
}

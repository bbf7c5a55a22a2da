import { PANEL_PORT_NAME } from '../background/messages.ts';
import { BackgroundLink, type PanelPort } from './background-link.ts';
import { BufferedMergeSource } from './buffered-merge-source.ts';
import type { CaptureSource } from './capture-source.ts';
import { CoalescingSource } from './coalescing-source.ts';
import { type DevtoolsNetworkApi, DevtoolsNetworkSource } from './devtools-network-source.ts';

/** The browser APIs the panel's capture uses. */
export interface PanelCaptureApis {
  network: DevtoolsNetworkApi;
  /** `browser.devtools.inspectedWindow.tabId`. */
  tabId: number;
  /** `browser.runtime.connect`. */
  connect(info: { name: string }): PanelPort;
  /** Which URLs are Avvance calls (the options' detection rules). Defaults to the built-in rules. */
  isAvvance?: (url: string) => boolean;
}

/**
 * The panel's capture source: DevTools capture, with background capture merged in — the inspected tab's
 * calls recorded before DevTools opened, and bodies DevTools lost filled from the page script's copy.
 * Bursts are handed on in batches (one panel render per batch, not per call).
 */
export function panelCaptureSource(apis: PanelCaptureApis): CaptureSource {
  const link = new BackgroundLink(() => apis.connect({ name: PANEL_PORT_NAME }), apis.tabId);
  const devtools = new DevtoolsNetworkSource({
    network: apis.network,
    ...(apis.isAvvance ? { isAvvance: apis.isAvvance } : {}),
    pageBodies: async (query) => {
      const call = await link.recordFor(query);
      if (!call) return undefined;
      return {
        ...(call.requestBody !== undefined ? { requestBody: call.requestBody } : {}),
        ...(call.responseBody !== undefined ? { responseBody: call.responseBody } : {}),
      };
    },
  });
  return new CoalescingSource({
    inner: new BufferedMergeSource({ inner: devtools, buffered: () => link.buffered() }),
  });
}

import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { RecordedCall } from './recorded-call.ts';

/** DOM event the MAIN-world page script dispatches on `document`; `detail` is the call as a JSON string. */
export const PAGE_CALL_EVENT = 'avvance-workbench:call';

/**
 * DOM event the ISOLATED-world relay script dispatches on `document` with the options' extra detection
 * rules (`detail`: a JSON array string). The page script asks for them with {@link PAGE_RULES_REQUEST_EVENT}
 * in case it installed after the relay script sent them. The page could forge either event; it only
 * changes which of its own calls the page script reads — the background re-checks with the real rules.
 */
export const PAGE_RULES_EVENT = 'avvance-workbench:rules';

/** DOM event the page script dispatches to ask the relay script for {@link PAGE_RULES_EVENT}. */
export const PAGE_RULES_REQUEST_EVENT = 'avvance-workbench:rules-request';

/** Longest `detail` the relay script accepts (characters): two capped bodies plus headers. */
export const MAX_PAGE_EVENT_CHARS = 600 * 1024;

/** `runtime.connect` port name the panel uses to reach the background. */
export const PANEL_PORT_NAME = 'avvance-background-capture';

/** Relay content script → background (`runtime.sendMessage`). */
export type RelayMessage =
  | { type: 'avvance-bgc/hello'; origin: string }
  | { type: 'avvance-bgc/call'; call: RecordedCall };

/** Panel → background, on the port. */
export type PanelToBackground = { type: 'subscribe'; tabId: number };

/** Background → panel, on the port. */
export type BackgroundToPanel =
  /** Answer to `subscribe`: the tab's buffer (masked) and whether its page runs the page script. */
  | { type: 'buffered'; calls: Exchange[]; dropped: number; active: boolean }
  /** A call the page script just recorded in the inspected tab, raw (memory only). */
  | { type: 'live'; call: RecordedCall }
  /** The inspected tab loaded a page that runs the page script. */
  | { type: 'active'; origin: string };

/** True for a {@link RelayMessage} (shape only; the call itself is checked with `isRecordedCall`). */
export function isRelayMessage(m: unknown): m is RelayMessage {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  return t === 'avvance-bgc/hello' || t === 'avvance-bgc/call';
}

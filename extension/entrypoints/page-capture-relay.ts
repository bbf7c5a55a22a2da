import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { MAX_PAGE_EVENT_CHARS, PAGE_CALL_EVENT, type RelayMessage } from '../background/messages.ts';
import { isRecordedCall } from '../background/recorded-call.ts';

/**
 * Relay script of background capture (ISOLATED world, document_start, opted-in sites only): forwards
 * the page script's calls to the background. Everything from the page's world is checked first.
 */
export default defineUnlistedScript(() => {
  const send = (message: RelayMessage): void => {
    browser.runtime.sendMessage(message).catch(() => undefined);
  };
  send({ type: 'avvance-bgc/hello', origin: location.origin });
  document.addEventListener(PAGE_CALL_EVENT, (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    if (typeof detail !== 'string' || detail.length > MAX_PAGE_EVENT_CHARS) return;
    let call: unknown;
    try {
      call = JSON.parse(detail);
    } catch {
      return;
    }
    if (isRecordedCall(call)) send({ type: 'avvance-bgc/call', call });
  });
});

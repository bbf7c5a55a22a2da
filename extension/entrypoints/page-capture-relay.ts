import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import {
  MAX_PAGE_EVENT_CHARS,
  PAGE_CALL_EVENT,
  PAGE_RULES_EVENT,
  PAGE_RULES_REQUEST_EVENT,
  type RelayMessage,
} from '../background/messages.ts';
import { isRecordedCall } from '../background/recorded-call.ts';
import { getSettings } from '../relay-client/settings.ts';

/**
 * Relay script of background capture (ISOLATED world, document_start, opted-in sites only): forwards
 * the page script's calls to the background, and hands the page script the options' extra detection
 * rules. Everything from the page's world is checked first.
 */
export default defineUnlistedScript(() => {
  const send = (message: RelayMessage): void => {
    browser.runtime.sendMessage(message).catch(() => undefined);
  };
  send({ type: 'avvance-bgc/hello', origin: location.origin });
  let rulesDetail: string | undefined;
  const sendRules = (): void => {
    if (rulesDetail !== undefined)
      document.dispatchEvent(new CustomEvent(PAGE_RULES_EVENT, { detail: rulesDetail }));
  };
  getSettings(browser.storage.local).then(
    (settings) => {
      if (settings.detectionRules.length === 0) return;
      rulesDetail = JSON.stringify(settings.detectionRules);
      sendRules();
    },
    () => undefined,
  );
  document.addEventListener(PAGE_RULES_REQUEST_EVENT, sendRules);
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

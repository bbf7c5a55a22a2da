import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { isAvvanceCall } from '../../shared/src/detect/index.ts';
import { PAGE_CALL_EVENT, PAGE_RULES_EVENT, PAGE_RULES_REQUEST_EVENT } from '../background/messages.ts';
import { installNetworkHooks } from '../background/page-hooks.ts';
import { pageDetectionRules } from '../background/page-rules.ts';

/**
 * Page script of background capture, registered at runtime for opted-in sites (MAIN world,
 * document_start): records the page's Avvance calls and hands each to the relay script as a DOM event.
 */
export default defineUnlistedScript(() => {
  // The built-in rules until the relay script sends the options' extra ones.
  let rules = pageDetectionRules(undefined);
  document.addEventListener(PAGE_RULES_EVENT, (event) => {
    rules = pageDetectionRules((event as CustomEvent<unknown>).detail);
  });
  document.dispatchEvent(new CustomEvent(PAGE_RULES_REQUEST_EVENT));
  installNetworkHooks(window as unknown as Parameters<typeof installNetworkHooks>[0], {
    isAvvance: (url) => isAvvanceCall(url, rules),
    emit: (call) => {
      // A string detail crosses from the MAIN to the ISOLATED world; the dispatch is synchronous, so the
      // call reaches the extension even when the page navigates away right after.
      document.dispatchEvent(new CustomEvent(PAGE_CALL_EVENT, { detail: JSON.stringify(call) }));
    },
  });
});

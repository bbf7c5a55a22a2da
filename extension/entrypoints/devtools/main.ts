import { browser } from 'wxt/browser';

// The DevTools page only creates the panel; everything else runs in the panel page (devtools-panel/).
main();

function main(): void {
  void browser.devtools.panels.create('Avvance', '/icon/32.png', '/devtools-panel.html');
}

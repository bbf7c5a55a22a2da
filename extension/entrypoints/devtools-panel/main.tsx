import '../../components/panel.css';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { DevtoolsNetworkSource } from '../../capture/devtools-network-source.ts';
import { PanelApp } from '../../components/panel-app.tsx';
import { CaptureModel } from '../../models/capture-model.ts';
import { PanelViewModel } from '../../models/panel-view-model.ts';

main();

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('devtools-panel.html has no #app element');
  document.documentElement.dataset['theme'] = browser.devtools.panels.themeName === 'dark' ? 'dark' : 'light';

  const capture = new CaptureModel({
    source: new DevtoolsNetworkSource({ network: browser.devtools.network }),
  });
  const view = new PanelViewModel(capture);
  capture.start();
  render(<PanelApp model={view} />, root);
}

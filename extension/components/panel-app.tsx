import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { ExchangeDetailPane } from './exchange-detail.tsx';
import { ExchangeList } from './exchange-list.tsx';
import { Toolbar } from './toolbar.tsx';

/** The Avvance DevTools panel: toolbar, list of captured calls, detail of the selected one. */
export function PanelApp({ model }: { model: PanelViewModelInstance }) {
  return (
    <div class="panel">
      <Toolbar model={model} />
      <main class="panel-body">
        <ExchangeList model={model} />
        <ExchangeDetailPane model={model} />
      </main>
    </div>
  );
}

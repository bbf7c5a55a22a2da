import { useRef } from 'preact/hooks';
import { ErrorsView } from '../components/errors-view.tsx';
import { ExchangeDetailPane } from '../components/exchange-detail.tsx';
import { ExchangeList } from '../components/exchange-list.tsx';
import { JourneysView } from '../components/journeys-view.tsx';
import { Toolbar } from '../components/toolbar.tsx';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { SessionBar } from '../sessions/session-bar.tsx';
import type { SessionModelInstance } from '../sessions/session-model.ts';

/**
 * The web viewer at the share URL: the panel's own toolbar, list, detail, journeys and errors views
 * over the team session's stream (one UI codebase, two builds). No extension, no capture of its own.
 */
export function ViewerApp({
  model,
  session,
}: {
  model: PanelViewModelInstance;
  session: SessionModelInstance;
}) {
  const filterRef = useRef<HTMLInputElement>(null);
  const tab = model.tab.value;
  return (
    <div class="panel viewer" data-testid="web-viewer">
      <Toolbar model={model} filterRef={filterRef} />
      <SessionBar session={session} canStart={false} />
      {tab === 'journeys' ? (
        <JourneysView model={model} />
      ) : tab === 'errors' ? (
        <ErrorsView model={model} />
      ) : (
        // Panel-only views (request builder…) need the extension: the viewer shows the calls instead.
        <main class="panel-body">
          <ExchangeList model={model} />
          <ExchangeDetailPane model={model} />
        </main>
      )}
    </div>
  );
}

import { useEffect, useRef } from 'preact/hooks';
import type { PanelViewModelInstance } from '../models/panel-view-model.ts';
import { SessionBar } from '../sessions/session-bar.tsx';
import type { SessionModelInstance } from '../sessions/session-model.ts';
import { BuilderView } from './builder-view.tsx';
import { ErrorsView } from './errors-view.tsx';
import { ExchangeDetailPane } from './exchange-detail.tsx';
import { ExchangeList } from './exchange-list.tsx';
import { JourneysView } from './journeys-view.tsx';
import { Toolbar } from './toolbar.tsx';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable);
}

/**
 * The Avvance DevTools panel: toolbar, then the Calls (list + detail), Journeys or Errors view.
 * `/` focuses the filter from anywhere but a text field.
 */
export function PanelApp({
  model,
  session,
}: {
  model: PanelViewModelInstance;
  session?: SessionModelInstance;
}) {
  const filterRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      model.setTab('calls');
      filterRef.current?.focus();
      filterRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [model]);

  const tab = model.tab.value;
  return (
    <div class="panel">
      <Toolbar model={model} filterRef={filterRef} />
      {session && <SessionBar session={session} />}
      {tab === 'calls' ? (
        <main class="panel-body">
          <ExchangeList model={model} />
          <ExchangeDetailPane model={model} />
        </main>
      ) : tab === 'journeys' ? (
        <JourneysView model={model} />
      ) : tab === 'builder' ? (
        <BuilderView model={model} />
      ) : (
        <ErrorsView model={model} />
      )}
    </div>
  );
}

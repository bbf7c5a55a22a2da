import '../components/panel.css';
import { render } from 'preact';
import { SAVED_FILTERS_KEY } from '../capsules/saved-filters.ts';
import { SavedFiltersModel, sessionShareChannel, webStorage } from '../capsules/saved-filters-model.ts';
import { CaptureModel } from '../models/capture-model.ts';
import { PanelViewModel } from '../models/panel-view-model.ts';
import { localRelayAccess } from '../sessions/relay-api.ts';
import { RelayStreamSource } from '../sessions/relay-stream-source.ts';
import { SessionModel } from '../sessions/session-model.ts';
import { WebSocketRelayAdapter } from '../sessions/ws-relay-adapter.ts';
import { applyTheme, themeFor } from '../utils/theme.ts';
import { ViewerApp } from './viewer-app.tsx';

main();

/** The relay serves this page at `/s/<sessionId>`; `?name=` sets the display name teammates see. */
function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('viewer index.html has no #app element');
  const prefersDark = window.matchMedia('(prefers-color-scheme: dark)');
  applyTheme(themeFor(undefined, prefersDark.matches));

  const params = new URLSearchParams(location.search);
  const name = params.get('name') ?? 'Web viewer';
  const session = new SessionModel({
    adapter: new WebSocketRelayAdapter(),
    // Same origin as the relay; local mode signs in without an identity provider.
    access: localRelayAccess(location.origin, name),
    client: { name: 'avvance-viewer', version: '0.1.0' },
  });
  const capture = new CaptureModel({ source: new RelayStreamSource(session) });
  // Saved filters live in this origin's localStorage (the relay's), per browser.
  const savedFilters = new SavedFiltersModel({
    storage: webStorage(localStorage),
    channel: sessionShareChannel(session),
  });
  void savedFilters.load();
  // Another tab of the viewer saved or deleted one.
  window.addEventListener('storage', (e) => {
    if (e.key === SAVED_FILTERS_KEY) void savedFilters.load();
  });
  const view = new PanelViewModel(capture, { savedFilters });
  capture.start();
  render(<ViewerApp model={view} session={session} />, root);
  void session.join(location.href.split(/[?#]/)[0]!);
}

import '../../components/panel.css';
import '../../components/builder.css';
import { render } from 'preact';
import { applyTheme, themeFor } from '../../utils/theme.ts';
import { PopupApp } from './popup-app.tsx';

main();

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('popup.html has no #app element');
  applyTheme(themeFor(undefined, window.matchMedia('(prefers-color-scheme: dark)').matches));
  render(<PopupApp />, root);
}

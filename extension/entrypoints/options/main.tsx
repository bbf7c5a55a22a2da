import '../../components/panel.css';
import '../../components/builder.css';
import { render } from 'preact';
import { OptionsApp } from '../../components/options-app.tsx';
import { applyTheme, themeFor } from '../../utils/theme.ts';

main();

function main(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('options.html has no #app element');
  applyTheme(themeFor(undefined, window.matchMedia('(prefers-color-scheme: dark)').matches));
  render(<OptionsApp />, root);
}

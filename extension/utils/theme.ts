import { type ReadonlySignal, signal } from '@preact/signals';

/** The panel's colour scheme. */
export type PanelTheme = 'light' | 'dark';

const current = signal<PanelTheme>('light', { name: 'panel.theme' });

/** The current theme (set by {@link applyTheme}); body viewers follow it. */
export const panelTheme: ReadonlySignal<PanelTheme> = current;

/**
 * The theme for a DevTools `themeName` (`default`, `dark`, Firefox's `light`); without one (a web
 * viewer, tests), the system's `prefers-color-scheme`.
 */
export function themeFor(themeName: string | undefined, prefersDark: boolean): PanelTheme {
  if (themeName === 'dark') return 'dark';
  if (themeName === 'default' || themeName === 'light') return 'light';
  return prefersDark ? 'dark' : 'light';
}

/** Sets `html[data-theme]` (panel.css reads it) and {@link panelTheme}. */
export function applyTheme(theme: PanelTheme): void {
  document.documentElement.dataset['theme'] = theme;
  current.value = theme;
}

import { bracketMatching, defaultHighlightStyle, foldGutter, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, type KeyBinding, keymap, lineNumbers } from '@codemirror/view';

/** Options of {@link createJsonEditor}. */
export interface JsonEditorOptions {
  parent: HTMLElement;
  /** Follow the DevTools dark theme. */
  dark: boolean;
  /** Height of the scroller, CSS lengths. `minHeight` defaults to none. */
  height: { min?: string; max: string };
  /** Key bindings, highest precedence first (e.g. search, then `defaultKeymap`). */
  keys: readonly KeyBinding[];
  /** What this editor adds to the shared set-up (language, lint, read-only…), after it. */
  extensions: readonly Extension[];
}

/** A CodeMirror view with the panel's look; change the theme with `setDark`. */
export interface JsonEditor {
  readonly view: EditorView;
  /** Replaces the whole text; no transaction when it is already equal. */
  replaceText(text: string): void;
  /** Follows the DevTools theme. */
  setDark(dark: boolean): void;
  destroy(): void;
}

const themes = new Map<string, Extension>();

/**
 * The page's CSP nonce for styles, when the page has one (the relay's web viewer puts it in
 * `<meta name="csp-nonce">`): CodeMirror mounts its themes as `<style>` elements in a document, which a
 * `style-src` without 'unsafe-inline' refuses unless they carry the nonce.
 */
function pageCspNonce(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content || undefined;
}

/** The panel's editor theme (cached per variant, so reconfiguring to the same theme is a no-op). */
function panelTheme(dark: boolean, height: JsonEditorOptions['height']): Extension {
  const key = `${dark}|${height.min ?? ''}|${height.max}`;
  let theme = themes.get(key);
  if (!theme) {
    theme = EditorView.theme(
      {
        '&': { fontSize: '11px', backgroundColor: 'var(--bg-alt)', border: '1px solid var(--border)' },
        '.cm-scroller': {
          fontFamily: 'var(--mono)',
          ...(height.min ? { minHeight: height.min } : {}),
          maxHeight: height.max,
        },
        '.cm-gutters': { backgroundColor: 'var(--bg-header)', color: 'var(--fg-muted)', borderRight: 'none' },
      },
      { dark },
    );
    themes.set(key, theme);
  }
  return theme;
}

/**
 * The CodeMirror 6 set-up shared by the detail pane's body viewer and the builder's body editor: line
 * numbers, folding, bracket matching, highlighting, wrapping and the panel's theme (in a compartment),
 * plus each editor's own keys and extensions.
 */
export function createJsonEditor(options: JsonEditorOptions): JsonEditor {
  const theme = new Compartment();
  const nonce = pageCspNonce();
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        lineNumbers(),
        foldGutter(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...options.keys]),
        EditorView.lineWrapping,
        ...options.extensions,
        ...(nonce ? [EditorView.cspNonce.of(nonce)] : []),
        theme.of(panelTheme(options.dark, options.height)),
      ],
    }),
  });
  return {
    view,
    replaceText(text) {
      if (view.state.doc.toString() !== text)
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setDark(dark) {
      view.dispatch({ effects: theme.reconfigure(panelTheme(dark, options.height)) });
    },
    destroy() {
      view.destroy();
    },
  };
}

import { defaultKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  foldKeymap,
  syntaxHighlighting,
} from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { maskedHighlight } from './masked-highlight.ts';

/** What a body viewer shows. */
export interface BodyContent {
  text: string;
  /** JSON gets highlighting and folding; anything else is plain text. */
  language: 'json' | 'text';
  /** Highlight mask tokens (off while the original is revealed). */
  highlightMasks: boolean;
}

const themeOf = (dark: boolean): Extension =>
  EditorView.theme(
    {
      '&': { fontSize: '11px', backgroundColor: 'var(--bg-alt)', border: '1px solid var(--border)' },
      '.cm-scroller': { fontFamily: 'var(--mono)', maxHeight: '360px' },
      '.cm-gutters': { backgroundColor: 'var(--bg-header)', color: 'var(--fg-muted)', borderRight: 'none' },
    },
    { dark },
  );

const LIGHT = themeOf(false);
const DARK = themeOf(true);
const panelTheme = (dark: boolean): Extension => (dark ? DARK : LIGHT);

/**
 * A read-only CodeMirror 6 view of a request or response body, with JSON highlighting, folding,
 * search (Ctrl/Cmd-F) and mask-token highlighting. One `EditorView` per pane for the panel's life:
 * content, language, token highlighting and theme change through transactions and compartments.
 */
export class BodyViewer {
  readonly view: EditorView;
  readonly #language = new Compartment();
  readonly #masks = new Compartment();
  readonly #theme = new Compartment();
  #content: BodyContent | undefined;

  constructor(parent: HTMLElement, dark: boolean) {
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: '',
        extensions: [
          lineNumbers(),
          foldGutter(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          highlightSelectionMatches(),
          search({ top: true }),
          keymap.of([...searchKeymap, ...foldKeymap, ...defaultKeymap]),
          EditorState.readOnly.of(true),
          EditorView.lineWrapping,
          this.#language.of([]),
          this.#masks.of([]),
          this.#theme.of(panelTheme(dark)),
        ],
      }),
    });
  }

  /** Shows `content`, reconfiguring only what changed. */
  show(content: BodyContent): void {
    const previous = this.#content;
    this.#content = content;
    // Text first, then configuration: plugins built by a reconfiguration then see the new document.
    if (previous?.text !== content.text)
      this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: content.text } });
    const effects = [];
    if (previous?.language !== content.language)
      effects.push(this.#language.reconfigure(content.language === 'json' ? json() : []));
    if (previous?.highlightMasks !== content.highlightMasks)
      effects.push(this.#masks.reconfigure(content.highlightMasks ? maskedHighlight() : []));
    if (effects.length > 0) this.view.dispatch({ effects });
  }

  /** Follows the DevTools theme. */
  setDark(dark: boolean): void {
    this.view.dispatch({ effects: this.#theme.reconfigure(panelTheme(dark)) });
  }

  /** Destroys the view (when the pane unmounts). */
  destroy(): void {
    this.view.destroy();
  }
}

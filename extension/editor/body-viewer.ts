import { defaultKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { foldKeymap } from '@codemirror/language';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { createJsonEditor, type JsonEditor } from './json-editor-base.ts';
import { maskedHighlight } from './masked-highlight.ts';

/** What a body viewer shows. */
export interface BodyContent {
  text: string;
  /** JSON gets highlighting and folding; anything else is plain text. */
  language: 'json' | 'text';
  /** Highlight mask tokens (off while the original is revealed). */
  highlightMasks: boolean;
}

/**
 * A read-only CodeMirror 6 view of a request or response body, with JSON highlighting, folding,
 * search (Ctrl/Cmd-F) and mask-token highlighting. One `EditorView` per pane for the panel's life:
 * content, language, token highlighting and theme change through transactions and compartments.
 */
export class BodyViewer {
  readonly view: EditorView;
  readonly #editor: JsonEditor;
  readonly #language = new Compartment();
  readonly #masks = new Compartment();
  #content: BodyContent | undefined;

  constructor(parent: HTMLElement, dark: boolean) {
    this.#editor = createJsonEditor({
      parent,
      dark,
      height: { max: '360px' },
      keys: [...searchKeymap, ...foldKeymap, ...defaultKeymap],
      extensions: [
        highlightSelectionMatches(),
        search({ top: true }),
        EditorState.readOnly.of(true),
        this.#language.of([]),
        this.#masks.of([]),
      ],
    });
    this.view = this.#editor.view;
  }

  /** Shows `content`, reconfiguring only what changed. */
  show(content: BodyContent): void {
    const previous = this.#content;
    this.#content = content;
    // Text first, then configuration: plugins built by a reconfiguration then see the new document.
    if (previous?.text !== content.text) this.#editor.replaceText(content.text);
    const effects = [];
    if (previous?.language !== content.language)
      effects.push(this.#language.reconfigure(content.language === 'json' ? json() : []));
    if (previous?.highlightMasks !== content.highlightMasks)
      effects.push(this.#masks.reconfigure(content.highlightMasks ? maskedHighlight() : []));
    if (effects.length > 0) this.view.dispatch({ effects });
  }

  /** Follows the DevTools theme. */
  setDark(dark: boolean): void {
    this.#editor.setDark(dark);
  }

  /** Destroys the view (when the pane unmounts). */
  destroy(): void {
    this.#editor.destroy();
  }
}

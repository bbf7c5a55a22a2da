import { type Extension, RangeSetBuilder } from '@codemirror/state';
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { MASK_TOKEN_PATTERN } from '../../shared/src/mask/index.ts';

const tokenMark = Decoration.mark({ class: 'cm-maskToken', attributes: { title: 'masked value' } });

function tokensIn(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  // A fresh regex per call: MASK_TOKEN_PATTERN is global (stateful lastIndex).
  const pattern = new RegExp(MASK_TOKEN_PATTERN.source, 'g');
  const length = view.state.doc.length;
  for (const range of view.visibleRanges) {
    // Clamped: a plugin created inside an update may still see the previous viewport.
    const from = Math.min(range.from, length);
    const text = view.state.sliceDoc(from, Math.min(range.to, length));
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text))
      builder.add(from + m.index, from + m.index + m[0].length, tokenMark);
  }
  return builder.finish();
}

const plugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = tokensIn(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged || update.viewportChanged) this.decorations = tokensIn(update.view);
    }
  },
  { decorations: (v) => v.decorations },
);

const theme = EditorView.baseTheme({
  '.cm-maskToken': {
    borderRadius: '3px',
    padding: '0 1px',
  },
  '&light .cm-maskToken': { backgroundColor: '#fde7c0', color: '#7a4100' },
  '&dark .cm-maskToken': { backgroundColor: '#4a3510', color: '#fdd663' },
});

/**
 * Marks every mask token (`‹email#a1f3c9›`, `•••-••-6789#…`, `[REDACTED]`; see `MASK_TOKEN_PATTERN`)
 * in the visible part of the document with the `cm-maskToken` class. No options.
 */
export function maskedHighlight(): Extension {
  return [plugin, theme];
}

import {
  autocompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { syntaxTree } from '@codemirror/language';
import { type Diagnostic, linter, lintGutter } from '@codemirror/lint';
import type { EditorState, Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { SyntaxNode, Tree } from '@lezer/common';
import { createJsonEditor, type JsonEditor } from '../editor/json-editor-base.ts';
import { checkBody } from './request-draft.ts';

type Schema = { [k: string]: unknown };

const VALUE_NODES = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

const unescapeToken = (token: string): string => token.replace(/~1/g, '/').replace(/~0/g, '~');

function nameOf(state: EditorState, property: SyntaxNode): string | undefined {
  const n = property.getChild('PropertyName');
  if (!n) return undefined;
  try {
    return JSON.parse(state.sliceDoc(n.from, n.to)) as string;
  } catch {
    return undefined;
  }
}

function valueChildren(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (VALUE_NODES.has(c.name)) out.push(c);
  return out;
}

/** The syntax node of the value at JSON pointer `pointer`, or the deepest ancestor that exists. */
export function nodeAtPointer(state: EditorState, tree: Tree, pointer: string): SyntaxNode | undefined {
  let node: SyntaxNode | null = tree.topNode.firstChild;
  while (node && !VALUE_NODES.has(node.name)) node = node.nextSibling;
  if (!node) return undefined;
  for (const raw of pointer.split('/').slice(1)) {
    const token = unescapeToken(raw);
    let next: SyntaxNode | undefined;
    if (node.name === 'Object') {
      for (const p of node.getChildren('Property')) {
        if (nameOf(state, p) !== token) continue;
        next = p.getChild('PropertyName') ?? undefined;
        const v = valueChildren(p)[0];
        if (v) next = v;
      }
    } else if (node.name === 'Array') next = valueChildren(node)[Number(token)];
    if (!next) return node;
    node = next;
  }
  return node;
}

/** Property names allowed at the object enclosing `pos`, following `properties`/`items`/`*Of`. */
function schemaAt(schema: Schema, path: (string | number)[]): Schema | undefined {
  let s: Schema | undefined = schema;
  for (const seg of path) {
    if (!s) return undefined;
    const merged = mergeOf(s);
    if (typeof seg === 'number') s = (merged['items'] as Schema | undefined) ?? undefined;
    else s = (merged['properties'] as Record<string, Schema> | undefined)?.[seg];
  }
  return s ? mergeOf(s) : undefined;
}

function mergeOf(s: Schema): Schema {
  const parts = [
    s,
    ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((k) => (s[k] as Schema[] | undefined) ?? []),
  ];
  const properties: Record<string, Schema> = {};
  let items: unknown;
  for (const p of parts) {
    Object.assign(properties, (p['properties'] as Record<string, Schema> | undefined) ?? {});
    items ??= p['items'];
  }
  return { ...s, properties, ...(items ? { items } : {}) };
}

/** Path (keys and indexes) from the root to `object`. */
function pathTo(state: EditorState, object: SyntaxNode): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  let child: SyntaxNode = object;
  for (let p = object.parent; p; child = p, p = p.parent) {
    if (p.name === 'Property') {
      const name = nameOf(state, p);
      if (name === undefined) return undefined;
      path.unshift(name);
    } else if (p.name === 'Array') {
      path.unshift(valueChildren(p).findIndex((c) => c.from === child.from));
    }
  }
  return path;
}

function completeProperties(getSchema: () => Schema | undefined) {
  return (context: CompletionContext): CompletionResult | null => {
    const schema = getSchema();
    if (!schema) return null;
    const word = context.matchBefore(/"?[\w$-]*/);
    let node: SyntaxNode | null = syntaxTree(context.state).resolveInner(context.pos, -1);
    if (node.name === 'PropertyName') node = node.parent?.parent ?? null;
    else if (node.name === 'String' && node.parent?.name === 'Property' && node.parent.firstChild === node)
      node = node.parent.parent;
    while (node && node.name !== 'Object') {
      if (node.name === 'Array' || node.name === 'Property') return null;
      node = node.parent;
    }
    if (!node) return null;
    if (!word && !context.explicit) return null;
    const path = pathTo(context.state, node);
    const at = path && schemaAt(schema, path);
    const props = (at?.['properties'] as Record<string, Schema> | undefined) ?? {};
    const present = new Set(node.getChildren('Property').map((p) => nameOf(context.state, p)));
    const required = new Set((at?.['required'] as string[] | undefined) ?? []);
    const options: Completion[] = Object.entries(props)
      .filter(([name]) => !present.has(name))
      .map(([name, s]) => ({
        label: name,
        type: 'property',
        detail: `${String(s['type'] ?? '')}${required.has(name) ? ' · required' : ''}`,
        ...(typeof s['description'] === 'string' ? { info: s['description'] } : {}),
        apply: `"${name}": `,
        boost: required.has(name) ? 1 : 0,
      }));
    if (options.length === 0) return null;
    // Replace the typed prefix, including an opening quote and any auto-closed one.
    const from = word ? word.from : context.pos;
    const to = context.state.sliceDoc(context.pos, context.pos + 1) === '"' ? context.pos + 1 : context.pos;
    return { from, to, options, validFor: /^"?[\w$-]*$/ };
  };
}

function bodyLinter(getSchema: () => Schema | undefined): Extension {
  return linter(
    (view) => {
      const text = view.state.doc.toString();
      const check = checkBody(text, getSchema());
      const tree = syntaxTree(view.state);
      return check.issues.map((issue): Diagnostic => {
        if (issue.offset !== undefined) {
          const from = Math.min(issue.offset, text.length);
          return { from, to: Math.min(from + 1, text.length), severity: 'error', message: issue.message };
        }
        const node = nodeAtPointer(view.state, tree, issue.path);
        const from = node?.from ?? 0;
        const to = node?.to ?? Math.min(1, text.length);
        return {
          from,
          to: node?.name === 'Object' || node?.name === 'Array' ? Math.min(from + 1, to) : to,
          severity: check.ok ? 'warning' : 'error',
          message: `${issue.path || '(body)'}: ${issue.message}`,
        };
      });
    },
    { delay: 300 },
  );
}

/**
 * The builder's editable JSON body: highlighting, folding, undo, lint diagnostics against the
 * operation's request schema (`@codemirror/lint`), and completion of property names from the schema
 * (`@codemirror/autocomplete`). One view for the builder's life; the schema and theme change through
 * compartments.
 */
export class BodyEditor {
  readonly view: EditorView;
  readonly #editor: JsonEditor;
  #schema: Schema | undefined;

  constructor(parent: HTMLElement, options: { dark: boolean; onChange(text: string): void }) {
    const getSchema = () => this.#schema;
    this.#editor = createJsonEditor({
      parent,
      dark: options.dark,
      height: { min: '160px', max: '420px' },
      keys: [...defaultKeymap, ...historyKeymap, indentWithTab],
      extensions: [
        lintGutter(),
        history(),
        json(),
        bodyLinter(getSchema),
        autocompletion({ override: [completeProperties(getSchema)], activateOnTyping: true }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString());
        }),
      ],
    });
    this.view = this.#editor.view;
  }

  /** Replaces the text (no change event when equal) and the schema used for lint and completion. */
  set(text: string, schema: Schema | undefined): void {
    this.#schema = schema;
    this.#editor.replaceText(text);
  }

  setDark(dark: boolean): void {
    this.#editor.setDark(dark);
  }

  destroy(): void {
    this.#editor.destroy();
  }
}

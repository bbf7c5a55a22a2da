import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { JsonSchema } from '../../shared/src/openapi/types.ts';
import { BodyEditor } from '../builder/body-editor.ts';
import type { DraftIssue } from '../builder/request-draft.ts';
import { panelTheme } from '../utils/theme.ts';

/**
 * The editable JSON body (CodeMirror: lint against `schema`, property-name completion), with the
 * problems also listed below the editor.
 */
export function BuilderBody({
  text,
  schema,
  issues,
  onChange,
}: {
  text: string;
  schema: JsonSchema | undefined;
  issues: readonly DraftIssue[];
  onChange(text: string): void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<BodyEditor | null>(null);
  const change = useRef(onChange);
  change.current = onChange;
  const dark = panelTheme.value === 'dark';

  useLayoutEffect(() => {
    if (!host.current) return;
    const e = new BodyEditor(host.current, { dark, onChange: (t) => change.current(t) });
    editor.current = e;
    return () => {
      e.destroy();
      editor.current = null;
    };
    // Created once; later changes go through set() / setDark().
  }, []);

  useEffect(() => editor.current?.setDark(dark), [dark]);
  useLayoutEffect(() => editor.current?.set(text, schema), [text, schema]);

  return (
    <div class="builder-body">
      <div class="body-viewer" data-testid="builder-body" ref={host} />
      {issues.length > 0 ? (
        <ul class="builder-issues" data-testid="builder-body-issues">
          {issues.map((i) => (
            <li key={`${i.path}|${i.message}`}>
              <code>{i.path || '(body)'}</code> {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

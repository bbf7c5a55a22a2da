import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { BodyStatus } from '../../shared/src/model/exchange.ts';
import { BodyViewer } from '../editor/body-viewer.ts';
import { formatBody } from '../utils/format.ts';
import { panelTheme } from '../utils/theme.ts';

/** Why a body is not shown, for lossy body states. */
const BODY_STATUS_TEXT: Record<Exclude<BodyStatus, 'complete'>, string> = {
  absent: 'No body.',
  binary: 'Binary body (not shown).',
  'discarded:too-large': 'Body too large: not kept.',
  unavailable:
    'Body not available: DevTools did not provide it (often because the page navigated away right after the call). ' +
    'Turn on "Record … before DevTools opens" in the toolbar for this site to read bodies inside the page.',
};

interface BodyPaneProps {
  title: string;
  body: unknown;
  status: BodyStatus;
  testId: string;
  /** True while the original is shown: mask-token highlighting is off then. */
  revealed: boolean;
}

/**
 * A request or response body in a read-only CodeMirror view (JSON folding, Ctrl/Cmd-F search, mask
 * tokens highlighted). The view is created once per pane and updated in place (STYLE #24).
 */
export function BodyPane({ title, body, status, testId, revealed }: BodyPaneProps) {
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<BodyViewer | null>(null);
  const shown = status === 'complete' && body !== undefined;
  const dark = panelTheme.value === 'dark';

  useLayoutEffect(() => {
    if (!host.current) return;
    const v = new BodyViewer(host.current, dark);
    viewer.current = v;
    return () => {
      v.destroy();
      viewer.current = null;
    };
    // Created once; later changes go through show() / setDark().
  }, []);

  useEffect(() => {
    viewer.current?.setDark(dark);
  }, [dark]);

  // Layout effect: when reveal is turned off, the originals must be gone before the next paint.
  useLayoutEffect(() => {
    viewer.current?.show({
      text: shown ? formatBody(body) : '',
      language: shown && typeof body !== 'string' ? 'json' : 'text',
      highlightMasks: !revealed,
    });
  }, [body, shown, revealed]);

  return (
    <details class="detail-section" open>
      <summary>{title}</summary>
      <div class="body-viewer" data-testid={testId} ref={host} hidden={!shown} />
      {shown ? null : (
        <p class="body-note" data-testid={`${testId}-note`}>
          {status === 'complete' ? BODY_STATUS_TEXT.absent : BODY_STATUS_TEXT[status]}
        </p>
      )}
    </details>
  );
}

import { useEffect, useRef } from 'preact/hooks';
import type { ExchangeRow, PanelViewModelInstance } from '../models/panel-view-model.ts';
import { EmptyState } from './empty-state.tsx';

/** Height of one list row in CSS pixels (fixed, so the list can be virtualised). */
export const ROW_HEIGHT_PX = 24;

/** Rows rendered above and below the visible window, so fast scrolling does not show blanks. */
const OVERSCAN_ROWS = 10;

const COLUMNS = ['Time', 'Method', 'Path', 'Status', 'Duration', 'Flow'] as const;

/**
 * The captured calls as a virtualised grid (a `<table role="grid">` whose fixed-height rows are
 * positioned absolutely; only the visible window plus {@link OVERSCAN_ROWS} is rendered). Click or
 * ↑/↓ selects a call.
 */
export function ExchangeList({ model }: { model: PanelViewModelInstance }) {
  const viewport = useRef<HTMLDivElement>(null);
  const { first, rows } = model.windowRows.value;
  const total = model.rowCount.value;
  const selectedId = model.selectedId.value;
  const hasRows = total > 0;

  // The viewport only exists while there are rows, so re-observe when that changes.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const observer = new ResizeObserver(() => showWindowOf(model, el));
    observer.observe(el);
    return () => observer.disconnect();
  }, [model, hasRows]);

  // Keeps the keyboard-selected row inside the viewport.
  const selectedIndex = model.selectedIndex.value;
  useEffect(() => {
    const el = viewport.current;
    if (!el || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT_PX;
    const header = ROW_HEIGHT_PX;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT_PX + header > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT_PX + header - el.clientHeight;
  }, [selectedIndex]);

  if (!hasRows) {
    const hidden = model.capture.exchanges.value.length > 0;
    return (
      <section class="exchange-list" aria-label="Captured Avvance calls">
        {hidden ? (
          <div class="empty-state" data-testid="no-matches">
            <p class="empty-state-title">No calls match the filter</p>
            <p>Change the filter or press Esc in the filter box to clear it.</p>
          </div>
        ) : (
          <EmptyState />
        )}
      </section>
    );
  }

  const onClick = (event: MouseEvent): void => {
    const row = (event.target as Element | null)?.closest<HTMLElement>('[data-exchange-id]');
    const id = row?.dataset['exchangeId'];
    if (id !== undefined) model.select(id);
  };

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    model.moveSelection(event.key === 'ArrowDown' ? 1 : -1);
  };

  return (
    <section class="exchange-list" aria-label="Captured Avvance calls">
      <div
        ref={viewport}
        class="exchange-list-viewport"
        onScroll={(e) => showWindowOf(model, e.currentTarget as HTMLDivElement)}
      >
        <table
          data-testid="exchange-grid"
          class="exchange-table"
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: <table role="grid"> is the WAI-ARIA APG data-grid pattern.
          role="grid"
          aria-rowcount={total + 1}
          aria-label="Captured Avvance calls"
          tabIndex={0}
          onClick={onClick}
          onKeyDown={onKeyDown}
        >
          <thead>
            <tr class="exchange-row exchange-row--header" aria-rowindex={1}>
              {COLUMNS.map((c) => (
                <th key={c} scope="col" class={`cell cell--${c.toLowerCase()}`}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody class="exchange-list-sizer" style={{ height: `${total * ROW_HEIGHT_PX}px` }}>
            {/* Keyed by position: a filter change patches the window's rows in place instead of
                replacing them; scrolling still keeps the rows that stay in view. */}
            {rows.map((row, i) => (
              <RowView key={first + i} row={row} index={first + i} selected={row.id === selectedId} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Tells the model which rows the viewport shows (plus {@link OVERSCAN_ROWS} each side). */
function showWindowOf(model: PanelViewModelInstance, el: HTMLElement): void {
  const first = Math.max(0, Math.floor(el.scrollTop / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
  model.setListWindow(first, Math.ceil(el.clientHeight / ROW_HEIGHT_PX) + 2 * OVERSCAN_ROWS);
}

function RowView({ row, index, selected }: { row: ExchangeRow; index: number; selected: boolean }) {
  return (
    <tr
      class={`exchange-row exchange-row--${row.statusKind}${selected ? ' exchange-row--selected' : ''}${row.avvance ? '' : ' exchange-row--other'}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="exchange-row"
      data-exchange-id={row.id}
      data-flow-id={row.flowId ?? ''}
      style={{ top: `${index * ROW_HEIGHT_PX}px` }}
    >
      {/* The marker is CSS generated content, so the cell's text stays the time. */}
      <td
        class={`cell cell--time${row.recordedBeforeDevtools ? ' cell--before-devtools' : ''}`}
        data-col="time"
        data-before-devtools={row.recordedBeforeDevtools ? '1' : undefined}
        title={
          row.recordedBeforeDevtools ? 'Recorded before DevTools opened (background capture)' : undefined
        }
      >
        {row.time}
      </td>
      <td class="cell cell--method" data-col="method">
        {row.method}
      </td>
      <td class="cell cell--path" data-col="path" title={`${row.host}${row.path}`}>
        {row.sentBy && (
          <span class="sent-by" data-testid="sent-by" title={`Sent by ${row.sentBy}`}>
            {row.sentBy}
          </span>
        )}
        <bdi>{row.path}</bdi>
      </td>
      <td class="cell cell--status" data-col="status">
        {row.status}
      </td>
      <td class="cell cell--duration" data-col="duration">
        {row.duration}
      </td>
      <td class="cell cell--flow" data-col="flow" title={row.flowLabel}>
        {row.flowLabel}
      </td>
    </tr>
  );
}

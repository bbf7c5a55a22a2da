/** Shown in the list when no Avvance call has been captured yet. */
export function EmptyState() {
  return (
    <div class="empty-state" data-testid="empty-state">
      <p class="empty-state-title">No Avvance calls yet</p>
      <p>
        Use the page: start a checkout with Avvance financing, and every Avvance call it makes appears here,
        with customer data masked.
      </p>
      <p class="empty-state-hint">
        Calls made before this tab was opened are picked up from the Network log while DevTools stays open.
      </p>
    </div>
  );
}

import { effect } from '@preact/signals';
import type { CaptureModelInstance } from '../models/capture-model.ts';
import type { SessionModelInstance } from './session-model.ts';

/**
 * Shares the panel's own captures with the joined session: every call recorded locally after joining,
 * as its **masked** copy (the original never leaves the panel). Calls that came from the session
 * (`sentBy` set) are not sent back. Returns the disposer.
 */
export function publishCaptures(capture: CaptureModelInstance, session: SessionModelInstance): () => void {
  let watermark = Number.POSITIVE_INFINITY;
  return effect(() => {
    const state = session.state.value;
    const list = capture.exchanges.value;
    if (state !== 'live' || capture.origin.peek().kind !== 'live') {
      // Calls captured before joining (or while offline) stay local; resume from the newest on (re)join.
      if (session.session.value === undefined) watermark = Number.POSITIVE_INFINITY;
      return;
    }
    if (watermark === Number.POSITIVE_INFINITY) watermark = list.at(-1)?.seq ?? 0;
    for (const entry of list) {
      if (entry.seq <= watermark) continue;
      watermark = entry.seq;
      if (entry.masked.sentBy !== undefined || !entry.avvance) continue;
      session.publish(entry.masked);
    }
  });
}

import type { KeyValueStorage } from '../relay-client/settings.ts';
import type { RequestDraft } from './request-draft.ts';

/** Storage key of the draft the popup hands to the panel ("open in panel"). */
export const PENDING_DRAFT_KEY = 'workbench.pendingBuilderDraft';

/** Pending drafts older than this are ignored, in milliseconds (10 minutes). */
export const PENDING_DRAFT_TTL_MS = 10 * 60_000;

interface Pending {
  draft: RequestDraft;
  at: number;
}

/** Leaves `draft` for the next panel that opens (or the open one, which listens for it). */
export async function putPendingDraft(
  storage: KeyValueStorage,
  draft: RequestDraft,
  now = Date.now(),
): Promise<void> {
  await storage.set({ [PENDING_DRAFT_KEY]: { draft, at: now } satisfies Pending });
}

/** Takes (reads and removes) the pending draft, if any and recent. */
export async function takePendingDraft(
  storage: KeyValueStorage,
  now = Date.now(),
): Promise<RequestDraft | undefined> {
  const item = (await storage.get(PENDING_DRAFT_KEY))[PENDING_DRAFT_KEY] as Pending | undefined;
  if (!item) return undefined;
  await storage.remove(PENDING_DRAFT_KEY);
  if (typeof item !== 'object' || typeof item.at !== 'number' || now - item.at > PENDING_DRAFT_TTL_MS)
    return undefined;
  const d = item.draft;
  if (!d || typeof d.method !== 'string' || typeof d.path !== 'string') return undefined;
  return {
    ...(typeof d.operationId === 'string' ? { operationId: d.operationId } : {}),
    method: d.method,
    path: d.path,
    pathParams: typeof d.pathParams === 'object' && d.pathParams ? d.pathParams : {},
    query: Array.isArray(d.query) ? d.query : [],
    headers: Array.isArray(d.headers) ? d.headers : [],
    bodyText: typeof d.bodyText === 'string' ? d.bodyText : '',
    bodySource: d.bodySource ?? 'none',
  };
}

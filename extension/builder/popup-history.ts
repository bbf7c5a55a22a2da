import { createMaskSalt, maskExchange } from '../../shared/src/mask/index.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import type { KeyValueStorage } from '../relay-client/settings.ts';

/** Requests the popup remembers; older ones are dropped first. */
export const MAX_POPUP_HISTORY = 20;

/** Storage key of the popup history. */
export const POPUP_HISTORY_KEY = 'workbench.popupHistory';

/** Storage key of the popup's masking salt (one per install, so tokens match across entries). */
export const POPUP_SALT_KEY = 'workbench.popupMaskSalt';

/** One remembered request: summary fields and the **masked** exchange. */
export interface PopupHistoryItem {
  id: string;
  /** Epoch ms when it was sent. */
  at: number;
  operationId?: string;
  method: string;
  /** Path and query, masked. */
  path: string;
  /** HTTP status; 0 when the call failed. */
  status: number;
  /** Round trip, milliseconds. */
  ms: number;
  /** Masked copy: raw PII never reaches storage. */
  exchange: Exchange;
}

/** The popup's masking salt, created on first use. */
export async function popupMaskSalt(storage: KeyValueStorage): Promise<string> {
  const stored = (await storage.get(POPUP_SALT_KEY))[POPUP_SALT_KEY];
  if (typeof stored === 'string' && stored.length >= 16) return stored;
  const salt = createMaskSalt();
  await storage.set({ [POPUP_SALT_KEY]: salt });
  return salt;
}

/** The history, newest first. */
export async function getPopupHistory(storage: KeyValueStorage): Promise<PopupHistoryItem[]> {
  const items = (await storage.get(POPUP_HISTORY_KEY))[POPUP_HISTORY_KEY];
  return Array.isArray(items) ? (items as PopupHistoryItem[]) : [];
}

const pathOf = (url: string): string => {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
};

/**
 * Masks `exchange` (`maskExchange` with the popup's salt and `extraKeys`), prepends it to the history and
 * keeps the newest {@link MAX_POPUP_HISTORY}. Returns the new history.
 */
export async function addToPopupHistory(
  storage: KeyValueStorage,
  exchange: Exchange,
  meta: { ms: number; operationId?: string; extraKeys?: readonly string[]; now?: number },
): Promise<PopupHistoryItem[]> {
  const salt = await popupMaskSalt(storage);
  const masked = maskExchange(exchange, {
    salt,
    ...(meta.extraKeys ? { extraKeys: meta.extraKeys } : {}),
  }).value;
  const item: PopupHistoryItem = {
    id: masked.id,
    at: meta.now ?? Date.now(),
    ...(meta.operationId ? { operationId: meta.operationId } : {}),
    method: masked.request.method,
    path: pathOf(masked.request.url),
    status: masked.response?.status ?? 0,
    ms: Math.round(meta.ms),
    exchange: masked,
  };
  const next = [item, ...(await getPopupHistory(storage))].slice(0, MAX_POPUP_HISTORY);
  await storage.set({ [POPUP_HISTORY_KEY]: next });
  return next;
}

/** Forgets the history. */
export async function clearPopupHistory(storage: KeyValueStorage): Promise<void> {
  await storage.remove(POPUP_HISTORY_KEY);
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeRelayAdapter } from '../../sessions/fake-relay-adapter.ts';
import type { RelayAccess, SessionInfo } from '../../sessions/relay-api.ts';
import { SessionModel } from '../../sessions/session-model.ts';
import { checkShareable, type FilterStorage, renameFilter, saveFilter } from '../saved-filters.ts';
import {
  MAX_SHARED_NOTICES,
  SavedFiltersModel,
  sessionShareChannel,
  webStorage,
} from '../saved-filters-model.ts';

/** A `localStorage` stand-in (the viewer's storage), so persistence goes through `webStorage`. */
function fakeLocalStorage(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const RELAY = 'http://127.0.0.1:8787';
const INFO: SessionInfo = {
  id: 'Sabc',
  partnerId: 'p1',
  name: 'team',
  shareUrl: `${RELAY}/s/Sabc`,
  createdBy: 'local:ada',
  createdAt: '2025-01-01T00:00:00.000Z',
  head: 0,
  members: 0,
};

async function liveSession() {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(INFO), { status: 200 }));
  const adapter = new FakeRelayAdapter();
  const access: RelayAccess = { relayUrl: () => RELAY, token: async () => 'tok' };
  const session = new SessionModel({ adapter, access });
  await session.join(INFO.shareUrl);
  adapter.open();
  adapter.receive({
    v: 1,
    type: 'welcome',
    connectionId: 'c-1',
    user: { id: 'u-1', name: 'Ada', role: 'developer', partnerId: 'p1' },
  });
  adapter.receive({ v: 1, type: 'subscribed', session: 'Sabc', epoch: 'e1', head: 0, members: [] });
  return { adapter, session };
}

afterEach(() => vi.unstubAllGlobals());

describe('SavedFiltersModel', () => {
  it('saves, renames and deletes; a fresh model over the same storage reads them back', async () => {
    const area = fakeLocalStorage();
    const saved = new SavedFiltersModel({ storage: webStorage(area) });
    await saved.load();
    expect(saved.filters.value).toEqual([]);
    expect(await saved.save('Failed creates', 'status:5xx path:create')).toMatchObject({ ok: true });
    expect(await saved.save('Slow', 'duration>1000')).toMatchObject({ ok: true });
    expect(await saved.rename('Slow', 'Slow calls')).toMatchObject({ ok: true });
    expect(await saved.save('Broken', 'status:')).toMatchObject({ ok: false });
    expect(saved.outcome.value?.ok).toBe(false);
    expect(await saved.remove('Failed creates')).toMatchObject({ ok: true });

    const reopened = new SavedFiltersModel({ storage: webStorage(area) });
    await reopened.load();
    expect(reopened.filters.value).toEqual([{ name: 'Slow calls', query: 'duration>1000' }]);
    // Junk in storage is ignored, not thrown.
    area.data.set('workbench.savedFilters', '{not json');
    const junk = new SavedFiltersModel({ storage: webStorage(area) });
    await junk.load();
    expect(junk.filters.value).toEqual([]);
  });

  it('has no share buttons without a session channel', async () => {
    const saved = new SavedFiltersModel({ storage: webStorage(fakeLocalStorage()) });
    expect(saved.sharing.value).toBe(false);
    expect(saved.share({ name: 'x', query: 'status:500' })).toEqual({
      ok: false,
      message: 'Not in a team session',
    });
  });

  it('shares through the live team session and shows teammates’ filters, never its own', async () => {
    const { adapter, session } = await liveSession();
    const saved = new SavedFiltersModel({
      storage: webStorage(fakeLocalStorage()),
      channel: sessionShareChannel(session),
    });
    expect(saved.canShare.value).toBe(true);
    expect(saved.share({ name: 'Failed creates', query: 'status:5xx path:create' })).toMatchObject({
      ok: true,
    });
    expect(adapter.sentOf('share-filter')).toEqual([
      {
        v: 1,
        type: 'share-filter',
        session: 'Sabc',
        name: 'Failed creates',
        query: 'status:5xx path:create',
      },
    ]);

    const sentBy = (id: string, name: string) => ({ id, userId: `u-${id}`, name });
    adapter.receive({
      v: 1,
      type: 'shared-filter',
      session: 'Sabc',
      name: 'Mine',
      query: 'status:500',
      sentBy: sentBy('c-1', 'Ada'),
    });
    adapter.receive({
      v: 1,
      type: 'shared-filter',
      session: 'Other',
      name: 'Elsewhere',
      query: 'status:500',
      sentBy: sentBy('c-9', 'Bob'),
    });
    adapter.receive({
      v: 1,
      type: 'shared-filter',
      session: 'Sabc',
      name: 'Declines',
      query: 'status:4xx',
      sentBy: sentBy('c-2', 'Grace'),
    });
    expect(saved.incoming.value).toMatchObject([{ name: 'Declines', query: 'status:4xx', from: 'Grace' }]);

    const key = saved.incoming.value[0]!.key;
    expect(await saved.saveIncoming(key)).toMatchObject({ ok: true });
    expect(saved.filters.value).toEqual([{ name: 'Declines', query: 'status:4xx' }]);
    expect(saved.incoming.value).toEqual([]);

    for (let i = 0; i < MAX_SHARED_NOTICES + 2; i++)
      adapter.receive({
        v: 1,
        type: 'shared-filter',
        session: 'Sabc',
        name: `f${i}`,
        query: 'status:500',
        sentBy: sentBy('c-2', 'Grace'),
      });
    expect(saved.incoming.value.map((n) => n.name)).toEqual(
      Array.from({ length: MAX_SHARED_NOTICES }, (_, i) => `f${i + 2}`),
    );

    session.leave();
    expect(saved.canShare.value).toBe(false);
    expect(saved.share({ name: 'x', query: 'status:500' })).toMatchObject({ ok: false });
    expect(adapter.sentOf('share-filter')).toHaveLength(1);
  });

  it('refuses to share a filter holding PII-shaped values or over the limits', async () => {
    const { adapter, session } = await liveSession();
    const saved = new SavedFiltersModel({
      storage: webStorage(fakeLocalStorage()),
      channel: sessionShareChannel(session),
    });
    const outcome = saved.share({ name: 'Joe', query: '"joe.dowling@example.com"' });
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.message).toContain('email');
    expect(adapter.sentOf('share-filter')).toEqual([]);
    expect(checkShareable({ name: 'x'.repeat(129), query: 'status:500' })).toMatchObject({ ok: false });
    expect(checkShareable({ name: 'x', query: `"${'a'.repeat(1030)}"` })).toMatchObject({ ok: false });
    // Mask tokens copied from the panel are fine: they are not the value.
    expect(checkShareable({ name: 'token', query: '"‹email#77c2a0›"' })).toEqual({ ok: true });
  });
});

describe('saved filter storage', () => {
  it('renames in place, replaces a filter of the new name, refuses unknown or empty names', async () => {
    const data: Record<string, unknown> = {};
    const storage: FilterStorage = {
      get: async (key) => (key in data ? { [key]: data[key] } : {}),
      set: async (items) => void Object.assign(data, items),
    };
    await saveFilter(storage, { name: 'a', query: 'status:500' });
    await saveFilter(storage, { name: 'b', query: 'status:404' });
    await saveFilter(storage, { name: 'c', query: 'method:GET' });
    expect(await renameFilter(storage, 'a', 'c')).toEqual({
      ok: true,
      filters: [
        { name: 'c', query: 'status:500' },
        { name: 'b', query: 'status:404' },
      ],
    });
    expect(await renameFilter(storage, 'zzz', 'y')).toMatchObject({ ok: false });
    expect(await renameFilter(storage, 'b', '  ')).toMatchObject({ ok: false });
  });
});

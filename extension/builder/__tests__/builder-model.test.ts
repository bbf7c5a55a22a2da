import { describe, expect, it } from 'vitest';
import { maskExchange } from '../../../shared/src/mask/index.ts';
import type { Exchange } from '../../../shared/src/model/exchange.ts';
import { getOperation } from '../../../shared/src/openapi/index.ts';
import { RelayApiError } from '../../relay-client/errors.ts';
import type { ReplayInput } from '../../relay-client/relay-client.ts';
import { BuilderModel } from '../builder-model.ts';
import { addToPopupHistory, getPopupHistory, MAX_POPUP_HISTORY } from '../popup-history.ts';
import { checkBody, draftFromExchange, draftFromOperation, toReplayInput } from '../request-draft.ts';

const CREATE = 'https://api.example.test/poslp/services/avvance-loan/v1/create?x=1';

function exchange(over: Partial<Exchange> = {}): Exchange {
  return {
    id: 'orig-1',
    source: 'page',
    masked: false,
    requestBodyStatus: 'complete',
    responseBodyStatus: 'complete',
    timings: { startedAt: 0 },
    request: {
      id: 'c',
      timestamp: '',
      type: 'request',
      method: 'POST',
      url: CREATE,
      headers: {
        authorization: 'Bearer secret',
        cookie: 'sid=1',
        'correlation-id': 'old',
        'partner-id': 'partner-org-name',
        'content-type': 'application/json',
        'sec-fetch-mode': 'cors',
        'user-agent': 'x',
      },
      body: { merchantId: '435523232323', consumer: { email: 'joe@example.com' } },
      partnerId: '',
      userId: '',
    },
    response: {
      id: 'c',
      timestamp: '',
      type: 'response',
      method: 'POST',
      url: CREATE,
      status: 201,
      duration: 5,
      headers: { 'content-type': 'application/json' },
      body: { status: 'SUCCESS', applicationGUID: 'a' },
    },
    ...over,
  };
}

describe('drafts', () => {
  it('prefills an operation: generated Correlation-ID, partner-ID, example body', () => {
    const d = draftFromOperation(getOperation('createFinancing')!, {
      partnerId: 'p1',
      newId: () => 'uuid-1',
    });
    expect(d.headers).toEqual(
      expect.arrayContaining([
        { name: 'Correlation-ID', value: 'uuid-1' },
        { name: 'partner-ID', value: 'p1' },
        { name: 'Content-Type', value: 'application/json' },
      ]),
    );
    expect(JSON.parse(d.bodyText)).toEqual(getOperation('createFinancing')!.requestExample);
    expect(checkBody(d.bodyText, getOperation('createFinancing')!.requestSchema).issues).toEqual([]);
  });

  it('prefills from a captured call: original body, credentials and browser headers stripped', () => {
    const original = exchange();
    const masked = maskExchange(original, { salt: 's'.repeat(32) }).value;
    const d = draftFromExchange({ masked, original }, { newId: () => 'fresh' });
    expect(d.operationId).toBe('createFinancing');
    expect(d.path).toBe('/poslp/services/avvance-loan/v1/create');
    expect(d.query).toEqual([{ name: 'x', value: '1' }]);
    expect(d.headers).toEqual([
      { name: 'Correlation-ID', value: 'fresh' },
      { name: 'partner-ID', value: 'partner-org-name' },
      { name: 'Content-Type', value: 'application/json' },
    ]);
    expect(JSON.parse(d.bodyText).consumer.email).toBe('joe@example.com');
    expect(d.bodySource).toBe('original');
    expect(d.replayOf).toBe('orig-1');
    // Without the original, the masked body is used.
    const gone = draftFromExchange({ masked });
    expect(gone.bodySource).toBe('masked');
    expect(gone.bodyText).not.toContain('joe@example.com');
    // A call that arrived masked (teammate, relay stream) is its own "original": still the masked body.
    const arrivedMasked = draftFromExchange({ masked, original: masked });
    expect(arrivedMasked.bodySource).toBe('masked');
  });

  it('validates bodies: syntax errors block sending, schema problems are warnings', () => {
    const schema = getOperation('createFinancing')!.requestSchema;
    expect(checkBody('{"a":', schema).ok).toBe(false);
    const wrong = checkBody('{"merchantId": 5}', schema);
    expect(wrong.ok).toBe(true);
    expect(wrong.issues.map((i) => i.path)).toContain('/merchantId');
    const d = draftFromOperation(getOperation('sandboxSubmitApplication')!);
    d.pathParams['applicationGUID'] = '';
    const built = toReplayInput(d);
    expect(built.ok).toBe(false);
    d.pathParams['applicationGUID'] = 'a b';
    const ok = toReplayInput(d);
    expect(ok.ok && ok.input.path).toBe('/sandbox/v1/applications/a%20b/submit');
  });
});

describe('BuilderModel', () => {
  it('sends through the relay and diffs the replay with its original', async () => {
    const original = exchange();
    const masked = maskExchange(original, { salt: 's'.repeat(32) }).value;
    const sent: ReplayInput[] = [];
    const replayed = exchange({
      id: 'replay-1',
      source: 'replay',
      replayOf: 'orig-1',
      response: { ...original.response!, status: 400, body: { status: 'FAILED' } },
    });
    const model = new BuilderModel({
      send: async (input) => {
        sent.push(input);
        return { exchange: replayed };
      },
      mask: (x) => x,
      findCaptured: (id) => (id === 'orig-1' ? { id, masked, original } : undefined),
      clock: () => 0,
    });
    model.openCall({ id: 'orig-1', masked, original });
    await model.send();
    expect(sent[0]).toMatchObject({
      method: 'POST',
      replayOf: 'orig-1',
      path: '/poslp/services/avvance-loan/v1/create',
    });
    expect(sent[0]!.headers?.['authorization']).toBeUndefined();
    const state = model.state.value;
    expect(state.kind).toBe('done');
    if (state.kind !== 'done') return;
    expect(state.diff?.status).toEqual({ before: 201, after: 400, changed: true });
    expect(state.diff?.body.entries.map((e) => e.path)).toEqual(['/status', '/applicationGUID']);
  });

  it('keeps the relay error for display', async () => {
    const model = new BuilderModel({
      send: async () => {
        throw new RelayApiError(403, 'RELAY_ERR_REPLAY_BLOCKED', 'blocked: voids move money');
      },
      mask: (x) => x,
    });
    model.selectOperation('voidTransaction');
    await model.send();
    const state = model.state.value;
    expect(state.kind === 'error' && state.error.message).toBe('blocked: voids move money');
  });

  it('searches and groups endpoints by tag', () => {
    const model = new BuilderModel({ send: async () => ({ exchange: exchange() }), mask: (x) => x });
    model.setSearch('void');
    expect(model.groups.value).toEqual([
      { tag: 'Transactions', operations: [getOperation('voidTransaction')] },
    ]);
  });
});

describe('popup history', () => {
  it('stores masked copies only and keeps the last 20', async () => {
    const data: Record<string, unknown> = {};
    const storage = {
      get: async (k: string) => (k in data ? { [k]: data[k] } : {}),
      set: async (items: Record<string, unknown>) => void Object.assign(data, items),
      remove: async (k: string) => void delete data[k],
    };
    for (let i = 0; i < MAX_POPUP_HISTORY + 5; i++)
      await addToPopupHistory(storage, exchange({ id: `x${i}` }), { ms: i, now: i });
    const history = await getPopupHistory(storage);
    expect(history).toHaveLength(MAX_POPUP_HISTORY);
    expect(history[0]!.id).toBe(`x${MAX_POPUP_HISTORY + 4}`);
    expect(history.at(-1)!.id).toBe('x5');
    const stored = JSON.stringify(data);
    expect(stored).not.toContain('joe@example.com');
    expect(stored).not.toContain('Bearer secret');
    expect(history[0]!.exchange.masked).toBe(true);
  });
});

import { isAvvanceCall } from '../../shared/src/detect/index.ts';
import { exchangeFromHarEntry } from '../../shared/src/har/index.ts';
import { asError } from '../../shared/src/util/error.ts';
import type { CaptureSource, ExchangeListener, ProblemListener } from './capture-source.ts';

/**
 * One finished request as `devtools.network` hands it over: a HAR 1.2 entry plus `getContent()`.
 * Chrome passes `(content, encoding)` to the callback and (MV3, Chrome ≥ 151) resolves `{ content, encoding }`;
 * Firefox passes `(content, mimeType)` and resolves `[content, mimeType]`.
 */
export interface DevtoolsRequest {
  request: { url: string; method: string };
  response: { status: number };
  startedDateTime: string;
  getContent?(callback: (content: string, encodingOrMimeType: string) => void): unknown;
}

/** The part of `browser.devtools.network` this source uses; tests pass a fake. */
export interface DevtoolsNetworkApi {
  onRequestFinished: {
    addListener(callback: (request: DevtoolsRequest) => void): void;
    removeListener(callback: (request: DevtoolsRequest) => void): void;
  };
  /** Absent in environments without it; backfill is then skipped. */
  getHAR?(): Promise<{ entries: DevtoolsRequest[] }>;
}

/** Options of {@link DevtoolsNetworkSource}. */
export interface DevtoolsNetworkSourceOptions {
  /** `browser.devtools.network` (or a fake). */
  network: DevtoolsNetworkApi;
  /** Decides which URLs are Avvance calls, before any body is read. Defaults to `isAvvanceCall` with the default rules. */
  isAvvance?: (url: string) => boolean;
  /**
   * On `start`, also record the Avvance calls DevTools saw before the panel was opened (`getHAR()`),
   * skipping any that were still in flight. Defaults to `true`.
   */
  backfill?: boolean;
}

/** A response body as `getContent()` gave it; `text` is `null` when DevTools has none. */
interface Content {
  text: string | null;
  encoding: string | null;
}

/** Identifies a request across `getHAR()` and `onRequestFinished` (neither exposes a request id). */
function requestKey(r: DevtoolsRequest): string {
  return `${r.startedDateTime}|${r.request.method}|${r.request.url}`;
}

function normaliseContent(content: unknown, second: unknown): Content {
  return {
    text: typeof content === 'string' ? content : null,
    // Firefox's second value is the MIME type, not an encoding; only `base64` is an encoding.
    encoding: second === 'base64' ? 'base64' : null,
  };
}

/**
 * Reads the response body with whichever of the callback and promise forms the browser honours;
 * `undefined` when the entry has no `getContent` (e.g. Firefox `getHAR()` entries).
 */
function readContent(request: DevtoolsRequest): Promise<Content | undefined> {
  return new Promise((resolve, reject) => {
    if (typeof request.getContent !== 'function') {
      resolve(undefined);
      return;
    }
    let settled = false;
    const finish = (c: Content): void => {
      if (settled) return;
      settled = true;
      resolve(c);
    };
    try {
      const returned = request.getContent((content, second) => finish(normaliseContent(content, second)));
      if (returned && typeof (returned as PromiseLike<unknown>).then === 'function') {
        (returned as PromiseLike<unknown>).then((value) => {
          if (Array.isArray(value)) finish(normaliseContent(value[0], value[1]));
          else if (value && typeof value === 'object') {
            const v = value as { content?: unknown; encoding?: unknown };
            finish(normaliseContent(v.content, v.encoding));
          } else finish({ text: null, encoding: null });
        }, reject);
      }
    } catch (e: unknown) {
      reject(asError(e));
    }
  });
}

/**
 * {@link CaptureSource} over `chrome.devtools.network` / `browser.devtools.network`: each finished
 * request whose URL is an Avvance call has its body read and is converted from HAR to an `Exchange`.
 * The panel page only exists once the panel is shown, so `start` backfills from `getHAR()`.
 */
export class DevtoolsNetworkSource implements CaptureSource {
  readonly #network: DevtoolsNetworkApi;
  readonly #isAvvance: (url: string) => boolean;
  readonly #backfill: boolean;
  #captureOther = false;
  /** Bumped by start/stop so reads that finish after a stop are discarded. */
  #generation = 0;
  #listener: ((request: DevtoolsRequest) => void) | undefined;

  constructor(options: DevtoolsNetworkSourceOptions) {
    this.#network = options.network;
    this.#isAvvance = options.isAvvance ?? ((url) => isAvvanceCall(url));
    this.#backfill = options.backfill ?? true;
  }

  start(onExchange: ExchangeListener, onProblem: ProblemListener = () => {}): void {
    this.stop();
    const generation = ++this.#generation;
    const deliver = async (request: DevtoolsRequest): Promise<void> => {
      const url = request.request.url;
      try {
        const content = await readContent(request);
        if (generation !== this.#generation) return;
        const result = exchangeFromHarEntry(
          request,
          content ? { source: 'page', content } : { source: 'page' },
        );
        if (result.ok) onExchange(result.exchange, { avvance: true });
        else onProblem({ url, message: describe(result.error) });
      } catch (e: unknown) {
        if (generation === this.#generation) onProblem({ url, message: asError(e).message });
      }
    };

    // Requests seen live while the HAR snapshot is pending, and snapshot requests not yet seen live.
    let liveDuringBackfill: Set<string> | undefined = this.#backfill ? new Set() : undefined;
    const backfilled = new Set<string>();
    const listener = (request: DevtoolsRequest): void => {
      if (!this.#isAvvance(request.request.url)) {
        if (this.#captureOther) deliverOther(request, onExchange, onProblem);
        return;
      }
      const key = requestKey(request);
      if (backfilled.delete(key)) return;
      liveDuringBackfill?.add(key);
      void deliver(request);
    };
    this.#listener = listener;
    this.#network.onRequestFinished.addListener(listener);

    if (liveDuringBackfill && this.#network.getHAR) {
      this.#network.getHAR().then(
        (har) => {
          if (generation !== this.#generation) return;
          for (const request of har?.entries ?? []) {
            if (!this.#isAvvance(request.request.url)) continue;
            // In-flight requests will arrive through onRequestFinished, complete.
            if (!(request.response?.status > 0)) continue;
            const key = requestKey(request);
            if (liveDuringBackfill?.has(key)) continue;
            backfilled.add(key);
            void deliver(request);
          }
          liveDuringBackfill = undefined;
        },
        (e: unknown) => {
          liveDuringBackfill = undefined;
          if (generation === this.#generation) onProblem({ message: `getHAR failed: ${asError(e).message}` });
        },
      );
    } else {
      liveDuringBackfill = undefined;
    }
  }

  setCaptureOther(on: boolean): void {
    this.#captureOther = on;
  }

  stop(): void {
    this.#generation++;
    if (this.#listener) this.#network.onRequestFinished.removeListener(this.#listener);
    this.#listener = undefined;
  }
}

/**
 * Records a non-Avvance call without reading its body (`getContent` is the expensive part, and other
 * traffic is only listed for context).
 */
function deliverOther(
  request: DevtoolsRequest,
  onExchange: ExchangeListener,
  onProblem: ProblemListener,
): void {
  const result = exchangeFromHarEntry(request, { source: 'page', content: { text: null } });
  if (result.ok) onExchange(result.exchange, { avvance: false });
  else onProblem({ url: request.request.url, message: describe(result.error) });
}

function describe(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; reason?: unknown };
    if (typeof e.message === 'string') return e.message;
    if (typeof e.reason === 'string') return e.reason;
  }
  return JSON.stringify(error);
}

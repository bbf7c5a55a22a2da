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
  request: { url: string; method: string; bodySize?: number; postData?: unknown };
  response: { status: number; bodySize?: number; content?: { size?: number } };
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
  /**
   * Bodies of the call as the page itself saw them (background capture's page script), asked for only
   * when DevTools could not provide a body — e.g. the page navigated away right after the call, and
   * Chromium discarded the response body. Defaults to none.
   */
  pageBodies?: (call: {
    method: string;
    url: string;
    startedAt: number;
    status: number;
  }) => Promise<PageBodies | undefined>;
}

/** Bodies a page-side recorder saw, as text. */
export interface PageBodies {
  requestBody?: string;
  responseBody?: string;
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
  readonly #pageBodies: DevtoolsNetworkSourceOptions['pageBodies'];
  #backfilled: Promise<void> = Promise.resolve();
  #captureOther = false;
  #pausedSince: number | undefined;
  /** Bumped by start/stop so reads that finish after a stop are discarded. */
  #generation = 0;
  #listener: ((request: DevtoolsRequest) => void) | undefined;

  constructor(options: DevtoolsNetworkSourceOptions) {
    this.#network = options.network;
    this.#isAvvance = options.isAvvance ?? ((url) => isAvvanceCall(url));
    this.#backfill = options.backfill ?? true;
    this.#pageBodies = options.pageBodies;
  }

  /**
   * Resolves once the backfill of the latest `start()` has been delivered (every `getHAR()` call read
   * and passed on, or failed); at once without backfill.
   */
  backfilled(): Promise<void> {
    return this.#backfilled;
  }

  start(onExchange: ExchangeListener, onProblem: ProblemListener = () => {}): void {
    this.stop();
    const generation = ++this.#generation;
    const deliver = async (request: DevtoolsRequest): Promise<void> => {
      const url = request.request.url;
      try {
        let content = await readContent(request);
        if (generation !== this.#generation) return;
        let entry: DevtoolsRequest = request;
        if (this.#pageBodies && bodyMissing(request, content)) {
          const page = await this.#pageBodies({
            method: request.request.method,
            url,
            startedAt: Date.parse(request.startedDateTime),
            status: request.response.status,
          }).catch(() => undefined);
          if (generation !== this.#generation) return;
          if (page?.responseBody !== undefined && !content?.text)
            content = { text: page.responseBody, encoding: null };
          if (page?.requestBody !== undefined && request.request.postData === undefined)
            entry = withPostData(request, page.requestBody);
        }
        const result = exchangeFromHarEntry(
          entry,
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
      // Started while paused: the model would drop it; skip the body read too.
      if (this.#pausedSince !== undefined && Date.parse(request.startedDateTime) >= this.#pausedSince) return;
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
      const reads: Promise<void>[] = [];
      this.#backfilled = this.#network.getHAR().then(
        async (har) => {
          if (generation !== this.#generation) return;
          for (const request of har?.entries ?? []) {
            if (!this.#isAvvance(request.request.url)) continue;
            // In-flight requests will arrive through onRequestFinished, complete.
            if (!(request.response?.status > 0)) continue;
            const key = requestKey(request);
            if (liveDuringBackfill?.has(key)) continue;
            backfilled.add(key);
            reads.push(deliver(request));
          }
          liveDuringBackfill = undefined;
          await Promise.all(reads);
        },
        (e: unknown) => {
          liveDuringBackfill = undefined;
          if (generation === this.#generation) onProblem({ message: `getHAR failed: ${asError(e).message}` });
        },
      );
    } else {
      liveDuringBackfill = undefined;
      this.#backfilled = Promise.resolve();
    }
  }

  setCaptureOther(on: boolean): void {
    this.#captureOther = on;
  }

  setPausedSince(since: number | undefined): void {
    this.#pausedSince = since;
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

/**
 * True when DevTools gave no body although the call had one (or may have had one): no text at all, or
 * an empty text for a response that had bytes; or no `postData` for a request that had bytes.
 */
function bodyMissing(request: DevtoolsRequest, content: Content | undefined): boolean {
  if (!(request.response?.status > 0)) return false;
  const responseSize = Math.max(request.response.bodySize ?? -1, request.response.content?.size ?? -1);
  const responseMissing =
    content !== undefined && (content.text === null || (content.text === '' && responseSize > 0));
  const requestMissing = request.request.postData === undefined && (request.request.bodySize ?? 0) > 0;
  return responseMissing || requestMissing;
}

/** A copy of `request` with the page's request body as HAR `postData`. */
function withPostData(request: DevtoolsRequest, text: string): DevtoolsRequest {
  const headers = (request.request as { headers?: { name: string; value: string }[] }).headers ?? [];
  const type = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? 'text/plain';
  return { ...request, request: { ...request.request, postData: { mimeType: type, text } } };
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

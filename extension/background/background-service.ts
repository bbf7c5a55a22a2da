import { type DetectionRules, isAvvanceCall } from '../../shared/src/detect/index.ts';
import { createMaskSalt, Masker } from '../../shared/src/mask/index.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';
import { type TabBufferSnapshot, TabCallBuffer } from './call-buffer.ts';
import {
  type BackgroundToPanel,
  isRelayMessage,
  PANEL_PORT_NAME,
  type PanelToBackground,
} from './messages.ts';
import { isRecordedCall } from './recorded-call.ts';
import { exchangeFromRecordedCall } from './recorded-exchange.ts';

/** `storage.session` key of the masking salt (kept so tokens stay stable across worker restarts). */
const SALT_KEY = 'bgc:salt';
/** `storage.session` key of the masked buffers, `{ [tabId]: TabBufferSnapshot }`. */
const BUFFERS_KEY = 'bgc:buffers';

/** A `runtime.Port` as far as the service uses it. */
export interface PortLike {
  name: string;
  postMessage(message: BackgroundToPanel): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

/** Session storage (`browser.storage.session`: memory only, cleared when the browser quits). */
export interface SessionStorage {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Where a relay message came from. */
export interface MessageSender {
  tab?: { id?: number };
  frameId?: number;
}

/**
 * The background's capture logic, free of `browser.*` so it can be tested: receives page-recorded
 * calls, masks them on arrival into a bounded per-tab {@link TabCallBuffer} (persisted, masked, to
 * `storage.session` so an MV3 service-worker restart keeps it), hands a panel its tab's buffer when it
 * subscribes, and forwards new calls raw to that panel while its port is open (memory only).
 */
export class BackgroundCaptureService {
  readonly #buffer = new TabCallBuffer();
  readonly #ports = new Map<number, Set<PortLike>>();
  /** Tabs whose current page runs the page script, with its origin. */
  readonly #active = new Map<number, string>();
  readonly #session: SessionStorage | undefined;
  readonly #ready: Promise<void>;
  #salt = createMaskSalt();
  #extraKeys: readonly string[] = [];
  /** One masking session per salt and key set: its key rules and tokens stay cached across calls. */
  #masker: Masker | undefined;
  #rules: DetectionRules | undefined;
  #saving: Promise<void> = Promise.resolve();

  constructor(session?: SessionStorage) {
    this.#session = session;
    this.#ready = this.#restore();
  }

  /** Resolves once the stored salt and buffers are loaded. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Masks these extra key names too (the options page's "extra masking keys"), from now on. */
  setExtraMaskingKeys(keys: readonly string[]): void {
    this.#extraKeys = [...keys];
    this.#masker = undefined;
  }

  /**
   * Detection rules calls must match to be kept (the built-in ones plus the options' extra rules). The
   * page script filters too, but the page could forge its events: this check is the authoritative one.
   */
  setDetectionRules(rules: DetectionRules | undefined): void {
    this.#rules = rules;
  }

  /** Handles a relay content-script message. Returns `true` when it was one. */
  async onMessage(message: unknown, sender: MessageSender): Promise<boolean> {
    if (!isRelayMessage(message)) return false;
    const tabId = sender.tab?.id;
    // Top frame only: the registration has allFrames false, this guards against anything else.
    if (tabId === undefined || (sender.frameId ?? 0) !== 0) return true;
    await this.#ready;
    if (message.type === 'avvance-bgc/hello') {
      if (typeof message.origin !== 'string') return true;
      this.#active.set(tabId, message.origin);
      this.#post(tabId, { type: 'active', origin: message.origin });
      return true;
    }
    const call = message.call;
    if (!isRecordedCall(call) || !isAvvanceCall(call.url, this.#rules)) return true;
    const original = exchangeFromRecordedCall(call, { beforeDevtools: true });
    if (original) {
      this.#masker ??= new Masker(
        this.#extraKeys.length > 0 ? { salt: this.#salt, extraKeys: this.#extraKeys } : { salt: this.#salt },
      );
      // `original` was built for this call only: masked in place, no findings (nothing shows them here).
      const { value } = this.#masker.exchange(original, { findings: false, inPlace: true });
      this.#buffer.add(tabId, value);
      this.#persist();
    }
    this.#post(tabId, { type: 'live', call });
    return true;
  }

  /** Handles a new port; only the panel's port name is served. */
  onConnect(port: PortLike): void {
    if (port.name !== PANEL_PORT_NAME) return;
    let tabId: number | undefined;
    port.onMessage.addListener((raw) => {
      const m = raw as PanelToBackground;
      if (m?.type !== 'subscribe' || typeof m.tabId !== 'number' || tabId !== undefined) return;
      const id = m.tabId;
      tabId = id;
      void this.#ready.then(() => {
        let ports = this.#ports.get(id);
        if (!ports) {
          ports = new Set();
          this.#ports.set(id, ports);
        }
        ports.add(port);
        const { calls, dropped } = this.#buffer.snapshot(id);
        port.postMessage({ type: 'buffered', calls, dropped, active: this.#active.has(id) });
      });
    });
    port.onDisconnect.addListener(() => {
      if (tabId !== undefined) this.#ports.get(tabId)?.delete(port);
    });
  }

  /** A tab closed: forget its buffer. */
  onTabRemoved(tabId: number): void {
    this.#buffer.clearTab(tabId);
    this.#active.delete(tabId);
    this.#ports.delete(tabId);
    this.#persist();
  }

  /** The tab's buffer (tests, diagnostics). */
  snapshot(tabId: number): TabBufferSnapshot {
    return this.#buffer.snapshot(tabId);
  }

  #post(tabId: number, message: BackgroundToPanel): void {
    for (const port of this.#ports.get(tabId) ?? []) {
      try {
        port.postMessage(message);
      } catch {
        this.#ports.get(tabId)?.delete(port);
      }
    }
  }

  async #restore(): Promise<void> {
    if (!this.#session) return;
    try {
      const stored = await this.#session.get(SALT_KEY);
      const salt = stored[SALT_KEY];
      if (typeof salt === 'string' && salt !== '') {
        this.#salt = salt;
        this.#masker = undefined;
      } else await this.#session.set({ [SALT_KEY]: this.#salt });
      const buffers = (await this.#session.get(BUFFERS_KEY))[BUFFERS_KEY];
      if (buffers && typeof buffers === 'object') {
        for (const [key, snap] of Object.entries(buffers as Record<string, TabBufferSnapshot>)) {
          const tabId = Number(key);
          if (!Number.isInteger(tabId) || !Array.isArray(snap?.calls)) continue;
          this.#buffer.restore(tabId, {
            calls: snap.calls.filter((c: Exchange) => c?.masked === true),
            dropped: Number(snap.dropped) || 0,
          });
        }
      }
    } catch {
      // No session storage (old browser): the buffer lives as long as the background does.
    }
  }

  #persist(): void {
    const session = this.#session;
    if (!session) return;
    this.#saving = this.#saving.then(async () => {
      const all: Record<string, TabBufferSnapshot> = {};
      for (const id of this.#buffer.tabIds()) all[String(id)] = this.#buffer.snapshot(id);
      await session.set({ [BUFFERS_KEY]: all }).catch(() => undefined);
    });
  }
}

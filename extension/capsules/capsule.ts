import { exportHar, importHar } from '../../shared/src/har/index.ts';
import type { MaskOptions } from '../../shared/src/mask/types.ts';
import type { Exchange } from '../../shared/src/model/exchange.ts';

/** Capsule format version (`_avvance.capsule` in the HAR's `log`). */
export const CAPSULE_VERSION = 1;

/** Longest note kept in a capsule, characters. */
export const MAX_CAPSULE_NOTE = 2000;

/** What a capsule says about itself, beside the HAR entries. */
export interface CapsuleMeta {
  kind: 'avvance-capsule';
  version: number;
  /** Workbench that wrote it. */
  workbench: { name: string; version: string };
  createdAt: string;
  /** Upstream environments of the calls (e.g. `sandbox`). */
  environments: string[];
  /** `Correlation-ID` values of the calls (not PII: they join logs with Avvance support). */
  correlationIds: string[];
  /** Journey (flow) ids the calls belong to. */
  flowIds: string[];
  /** The sender's note for the teammate. */
  note: string;
}

/** Input of {@link buildCapsule}. */
export interface CapsuleInput {
  /** The calls (originals: masked here with `mask`). */
  exchanges: readonly Exchange[];
  /** The panel session's masking options, so tokens match the panel's. */
  mask: MaskOptions;
  flowOf?: (id: string) => string | undefined;
  note?: string;
  /** Workbench version. Defaults to `0.1.0`. */
  version?: string;
  /** Clock. Defaults to `new Date()`. */
  now?: () => Date;
}

function correlationIdOf(x: Exchange): string | undefined {
  for (const [k, v] of Object.entries(x.request.headers)) if (k.toLowerCase() === 'correlation-id') return v;
  return undefined;
}

/**
 * A bug capsule: one masked HAR 1.2 file (any HAR viewer opens it) with the capsule metadata in
 * `log._avvance`. Always masked: there is no unmasked variant.
 */
export function buildCapsule(input: CapsuleInput): {
  text: string;
  meta: CapsuleMeta;
  droppedBodies: number;
} {
  const { har, droppedBodies } = exportHar(input.exchanges, {
    mask: input.mask,
    ...(input.flowOf ? { flowOf: input.flowOf } : {}),
  });
  const uniq = (values: (string | undefined)[]): string[] => [
    ...new Set(values.filter((v): v is string => !!v)),
  ];
  const meta: CapsuleMeta = {
    kind: 'avvance-capsule',
    version: CAPSULE_VERSION,
    workbench: { name: 'avvance-workbench', version: input.version ?? '0.1.0' },
    createdAt: (input.now?.() ?? new Date()).toISOString(),
    environments: uniq(input.exchanges.map((x) => x.environment)),
    correlationIds: uniq(input.exchanges.map(correlationIdOf)),
    flowIds: uniq(input.exchanges.map((x) => input.flowOf?.(x.id))),
    note: (input.note ?? '').slice(0, MAX_CAPSULE_NOTE),
  };
  const doc = { log: { ...har.log, _avvance: meta } };
  return { text: JSON.stringify(doc, null, 2), meta, droppedBodies: droppedBodies.length };
}

/** Outcome of {@link readCapsule}: a plain HAR reads as a capsule without metadata. */
export type CapsuleRead =
  | { ok: true; exchanges: Exchange[]; meta: CapsuleMeta | undefined; skipped: number; truncated: number }
  | { ok: false; error: string };

function readMeta(value: unknown): CapsuleMeta | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Partial<CapsuleMeta>;
  if (m.kind !== 'avvance-capsule' || typeof m.version !== 'number') return undefined;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s) => typeof s === 'string') : []);
  return {
    kind: 'avvance-capsule',
    version: m.version,
    workbench: {
      name: String(m.workbench?.name ?? ''),
      version: String(m.workbench?.version ?? ''),
    },
    createdAt: typeof m.createdAt === 'string' ? m.createdAt : '',
    environments: strings(m.environments),
    correlationIds: strings(m.correlationIds),
    flowIds: strings(m.flowIds),
    note: typeof m.note === 'string' ? m.note.slice(0, MAX_CAPSULE_NOTE) : '',
  };
}

/** Reads a capsule (or any HAR) from text; never throws (the input is untrusted). */
export function readCapsule(text: string): CapsuleRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Not a JSON file' };
  }
  const result = importHar(doc);
  if (!result.ok) return { ok: false, error: result.error };
  const meta = readMeta((doc as { log?: { _avvance?: unknown } }).log?._avvance);
  return {
    ok: true,
    exchanges: result.exchanges,
    meta,
    skipped: result.skipped.length,
    truncated: result.truncated,
  };
}

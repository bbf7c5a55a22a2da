/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) shapes: strict TypeScript types for what we
 * write, and a lenient TypeBox schema for what we read (Chrome, Firefox and other tools omit or add fields).
 */
import Type from 'typebox';
import type { BodyStatus, ExchangeSource } from '../model/exchange.ts';

/** A HAR name/value pair (headers, query string, cookies). */
export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

/** HAR `creator` / `browser`. */
export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

/** HAR `request`. */
export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: { mimeType: string; text: string; comment?: string };
  headersSize: number;
  bodySize: number;
}

/** HAR `response`; `_error` is Chrome's custom field for a failed request. */
export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  content: { size: number; mimeType: string; text?: string; encoding?: string; comment?: string };
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  _error?: string;
}

/** HAR `timings` in milliseconds; -1 where not applicable. */
export interface HarTimings {
  blocked: number;
  dns: number;
  connect: number;
  send: number;
  wait: number;
  receive: number;
  ssl: number;
}

/**
 * Workbench extras kept in each exported entry (HAR allows `_`-prefixed custom fields), so a Workbench
 * export imports back with its sources, replay links and lossy body states.
 */
export interface AvvanceHarExtras {
  /** Exchange id. */
  id: string;
  source: ExchangeSource;
  /** Request/response log id (the call's correlation id). */
  requestId: string;
  replayOf?: string;
  /** Flow (journey) id, when the exporter knew it. */
  flowId?: string;
  /** True when this entry's values were masked. */
  masked: boolean;
  requestBodyStatus: BodyStatus;
  responseBodyStatus: BodyStatus;
  /** True when the call was still in flight: the HAR response is a placeholder. */
  pending?: boolean;
  partnerId?: string;
  userId?: string;
  sentBy?: string;
  environment?: string;
}

/** HAR `entry` as written by {@link exportHar}. */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  comment?: string;
  _avvance: AvvanceHarExtras;
}

/** A whole HAR document. */
export interface Har {
  log: {
    version: '1.2';
    creator: HarCreator;
    pages?: unknown[];
    entries: HarEntry[];
    comment?: string;
  };
}

const NameValue = Type.Object({ name: Type.String(), value: Type.String() });
const OptionalNumber = Type.Optional(Type.Union([Type.Number(), Type.Null()]));
const OptionalError = Type.Optional(Type.Union([Type.String(), Type.Null()]));

/**
 * The parts of a HAR entry the importer reads; everything else (cookies, cache, `_initiator`…) may be
 * absent or anything. `headers` are optional here although HAR requires them (lenient reader).
 */
export const HarEntryInput = Type.Object({
  startedDateTime: Type.String(),
  time: OptionalNumber,
  request: Type.Object({
    method: Type.String({ minLength: 1 }),
    url: Type.String({ minLength: 1 }),
    headers: Type.Optional(Type.Array(NameValue)),
    queryString: Type.Optional(Type.Array(NameValue)),
    postData: Type.Optional(
      Type.Object({
        mimeType: Type.Optional(Type.String()),
        text: Type.Optional(Type.String()),
        params: Type.Optional(
          Type.Array(
            Type.Object({
              name: Type.String(),
              value: Type.Optional(Type.String()),
              fileName: Type.Optional(Type.String()),
            }),
          ),
        ),
      }),
    ),
    bodySize: OptionalNumber,
  }),
  response: Type.Object({
    status: Type.Number(),
    headers: Type.Optional(Type.Array(NameValue)),
    content: Type.Optional(
      Type.Object({
        size: OptionalNumber,
        mimeType: Type.Optional(Type.String()),
        text: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        encoding: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      }),
    ),
    bodySize: OptionalNumber,
    _error: OptionalError,
  }),
  timings: Type.Optional(
    Type.Object({
      blocked: OptionalNumber,
      dns: OptionalNumber,
      connect: OptionalNumber,
      ssl: OptionalNumber,
      send: OptionalNumber,
      wait: OptionalNumber,
      receive: OptionalNumber,
    }),
  ),
  _error: OptionalError,
  _avvance: Type.Optional(Type.Unknown()),
});

/** A HAR entry after validation. */
export type HarEntryInput = Type.Static<typeof HarEntryInput>;

export {
  type DecodedBody,
  decodeContent,
  HAR_MAX_BODY_CHARS,
  isJsonMime,
  isTextualMime,
  parseBodyText,
} from './har-body.ts';
export { exchangeFromHarEntry, type HarEntryOptions, type HarEntryResult } from './har-entry.ts';
export {
  exportHar,
  HAR_CREATOR,
  type HarDroppedBody,
  type HarExportFinding,
  type HarExportOptions,
  type HarExportResult,
  utf8Length,
} from './har-export.ts';
export { harHeader, headersFromHar, headersToHar } from './har-headers.ts';
export {
  HAR_MAX_ENTRIES,
  HAR_MAX_INPUT_CHARS,
  type HarImportOptions,
  type HarImportResult,
  type HarSkipped,
  importHar,
} from './har-import.ts';
export type {
  AvvanceHarExtras,
  Har,
  HarCreator,
  HarEntry,
  HarNameValue,
  HarRequest,
  HarResponse,
  HarTimings,
} from './har-types.ts';
/** Lenient TypeBox schema (and type) of an importable HAR entry. */
export { HarEntryInput } from './har-types.ts';

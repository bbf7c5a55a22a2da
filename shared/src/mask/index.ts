/**
 * Masking engine: PII and secrets in Avvance traffic, masked deterministically per session.
 * Policy and token formats: docs/masking.md. Names are prefixed where a bare name would be too
 * generic for the `shared/` root barrel.
 */
export { abaValid, luhnValid } from './checksums.ts';
export { MAX_MASK_DEPTH } from './mask-json.ts';
export {
  Masker,
  maskBody,
  maskExchange,
  maskerFor,
  maskHeaders,
  maskJson,
  maskText,
  maskUrl,
} from './masker.ts';
export {
  createMaskSalt,
  isMaskToken,
  MASK_KINDS,
  MASK_TOKEN_PATTERN,
  REDACTED as MASK_REDACTED,
  tokenKind as maskTokenKind,
} from './tokens.ts';
export type { MaskCallOptions, MaskFinding, MaskKind, MaskOptions, MaskResult } from './types.ts';
export {
  findSpans as findSensitiveSpans,
  type ScanProfile as MaskScanProfile,
  type Span as SensitiveSpan,
} from './value-detectors.ts';

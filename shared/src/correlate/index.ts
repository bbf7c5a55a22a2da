export { extractCorrelationKeys } from './extract-keys.ts';
export { FlowIndex, type FlowUpdate } from './flow-index.ts';
export { exchangeLabel, expectedNextFor, KIND_RANK, keyLabel, strongestKey } from './flow-label.ts';
export {
  BODY_ID_KEYS,
  cleanIdValue,
  HEADER_ID_KEYS,
  joinNodeOf,
  MAX_CORRELATION_ID_LENGTH,
  MIN_ID_LENGTH,
  normalizeKeyName,
  PREAPPROVAL_OFFERS_ID_KEYS,
  traceIdFromTraceparent,
} from './id-keys.ts';
export { observeState } from './observe-state.ts';
export {
  APPLICATION_STATES,
  APPLICATION_TRANSITIONS,
  type ApplicationStateInfo,
  canAdvance,
  stateFromLoanStatus,
  stateFromWebhookStatus,
  stateInfo,
} from './states.ts';
export { type IdSink, MAX_EMBEDDED_TEXT, MAX_WALK_DEPTH, MAX_WALK_NODES, walkBody } from './walk-body.ts';

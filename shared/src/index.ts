/**
 * The public entry of the shared core. Everything here is pure TypeScript (no DOM, no Node-only APIs)
 * and runs unchanged in the panel, the popup, the web viewer and the relay.
 */
export * from './correlate/index.ts';
export * from './detect/index.ts';
export * from './filter/index.ts';
export * from './har/index.ts';
export * from './mask/index.ts';
export type * from './model/exchange.ts';
export { EXCHANGE_SOURCES } from './model/exchange.ts';
export type * from './model/flow.ts';
export type * from './model/logs.ts';
export * from './openapi/index.ts';
export * from './protocol/index.ts';
export * from './snippet/index.ts';
export { asError, UnreachableCheck } from './util/error.ts';

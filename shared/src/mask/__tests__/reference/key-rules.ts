/**
 * Shared with the live engine, not frozen: identical to it (the optimisation did not touch key rules).
 */
export * from '../../key-rules.ts';

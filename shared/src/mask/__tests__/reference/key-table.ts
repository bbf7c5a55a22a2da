/**
 * Shared with the live engine, not frozen: the rule tables, token formats and checksums are data and
 * helpers the optimisation did not touch, so a rule added to the live engine applies to the oracle too.
 */
export * from '../../key-table.ts';

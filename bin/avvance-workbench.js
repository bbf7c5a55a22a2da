#!/usr/bin/env node
// Entry of `npx avvance-workbench …`: loads tsx so the TypeScript CLI runs without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../relay/src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));

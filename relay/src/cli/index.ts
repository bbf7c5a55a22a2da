/**
 * `avvance-workbench` command line. Subcommands: `tail`. Run through `bin/avvance-workbench.js`
 * (which loads tsx) or `node --import tsx relay/src/cli/index.ts`.
 */
import { pathToFileURL } from 'node:url';
import { runTail } from './tail.ts';
import { TAIL_USAGE } from './tail-args.ts';

const USAGE = `avvance-workbench <command>

Commands:
  tail <share-url> [filter…]   print a team session's live stream

${TAIL_USAGE}`;

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'tail') {
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    return runTail(rest, { stdout: process.stdout, stderr: process.stderr, env: process.env, stopped });
  }
  const help = command === undefined || command === 'help' || command === '--help' || command === '-h';
  (help ? process.stdout : process.stderr).write(`${USAGE}\n`);
  return help ? 0 : 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

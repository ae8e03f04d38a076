/** Command dispatch of `sparsekit-bench`. */
import type { CliIo } from './io.js';
import { listCommand } from './list-command.js';
import { parseCliArgs } from './options.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';

export const USAGE = `Usage:
  sparsekit-bench list [--suite <s>] [--size quick|full] [--config <file>] [--plugin <module>]...
  sparsekit-bench run [--suite quick|full|none|<name>[,<name>...]] [--size quick|full] [--backend <name>]
                      [--out <dir>] [--timeout <seconds>] [--repetitions <n>] [--seed <n>]
                      [--include <pattern>]... [--plugin <module>]... [--config <file>]
  sparsekit-bench report <results-dir>

Defaults: --suite quick --backend wasm --out bench-results --timeout 60 --repetitions 1 --seed 0.
Every run writes a new directory <out>/<timestamp>/ with results.jsonl, metadata.json, report.html.`;

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code.
 *
 * @example
 * ```ts
 * import { main } from '@sparsekit/bench/cli/main';
 * const lines: string[] = [];
 * const code = await main(['help'], { cwd: process.cwd(), out: (t) => lines.push(t), err: (t) => lines.push(t), interactive: false });
 * code; // => 0
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const { command, positionals, flags } = parseCliArgs(argv);
  if (flags.help === true || command === 'help' || command === undefined) {
    (command === undefined && flags.help !== true ? io.err : io.out)(USAGE);
    return command === undefined && flags.help !== true ? 2 : 0;
  }
  switch (command) {
    case 'run':
      if (positionals.length) return unexpected(positionals, io);
      return runCommand(flags, io, argv);
    case 'list':
      if (positionals.length) return unexpected(positionals, io);
      return listCommand(flags, io);
    case 'report':
      return reportCommand(positionals, io);
    default:
      io.err(`Unknown command '${command}'.\n\n${USAGE}`);
      return 2;
  }
}

function unexpected(positionals: readonly string[], io: CliIo): number {
  io.err(`Unexpected argument${positionals.length > 1 ? 's' : ''}: ${positionals.join(' ')}\n\n${USAGE}`);
  return 2;
}

#!/usr/bin/env node
// The `sparsekit-bench` executable; see cli/main.ts for the commands.
import { processIo } from './cli/io.js';
import { main } from './cli/main.js';

main(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (cause: unknown) => {
    process.stderr.write(`sparsekit-bench: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}\n`);
    process.exitCode = 1;
  },
);

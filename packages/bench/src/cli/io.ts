/** Where the CLI writes and what it treats as the working directory (injectable for tests). */
export interface CliIo {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is an interactive terminal (progress bar) or a log (one line per run). */
  readonly interactive: boolean;
}

/** The real process streams. */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    interactive: process.stderr.isTTY === true,
  };
}

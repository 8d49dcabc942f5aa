/**
 * The CLI's view of the outside world: where text goes and whether it is a
 * terminal. Commands write only through this, so tests run them in-process
 * and read what they printed.
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Writes to stderr exactly as given (no newline added): the progress line that overwrites itself. */
  errRaw?(text: string): void;
  /** Whether stderr is a terminal (progress is shown only then). */
  readonly errIsTTY: boolean;
  readonly cwd: string;
  /** Columns of the terminal, for help text. */
  readonly columns: number;
}

/** The real process streams. */
export function processIo(): Io {
  return {
    out: (t) => void process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => void process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    errRaw: (t) => void process.stderr.write(t),
    errIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    columns: process.stdout.columns ?? 100,
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(cwd = process.cwd()): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t.endsWith('\n') ? t : t + '\n';
    },
    err(t: string) {
      io.stderr += t.endsWith('\n') ? t : t + '\n';
    },
    errRaw(t: string) {
      io.stderr += t;
    },
    errIsTTY: false,
    cwd,
    columns: 100,
  };
  return io;
}

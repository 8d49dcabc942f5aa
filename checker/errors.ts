/**
 * Errors with closed codes (IL001…, listed in docs/errors.md) and the exit code
 * the CLI uses for them. The engine throws these; only the CLI prints them.
 * Every message says what happened, the likely cause, what to try, and where
 * it applies the valid alternatives.
 */

/** Exit codes, TLC-compatible where TLC has one (see docs/cli.md). */
export const ExitCode = {
  ok: 0,
  regressMismatch: 1,
  usage: 2,
  incomplete: 3,
  modelError: 4,
  /** simulate: K random traces found no violation (which proves nothing). */
  noViolationFound: 5,
  deadlock: 11,
  safety: 12,
  liveness: 13,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export type ErrorKind = 'usage' | 'model';

/** An error that carries a stable code and the exit code it maps to. */
export class InterleaveError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly alternatives: readonly string[] | undefined;

  constructor(code: string, kind: ErrorKind, message: string, opts: { hint?: string; alternatives?: readonly string[] } = {}) {
    super(message);
    this.name = 'InterleaveError';
    this.code = code;
    this.kind = kind;
    this.hint = opts.hint;
    this.alternatives = opts.alternatives;
  }

  get exitCode(): ExitCode {
    return this.kind === 'usage' ? ExitCode.usage : ExitCode.modelError;
  }

  /** The full human text: message, hint and the valid alternatives. */
  toText(): string {
    const lines = [`error ${this.code}: ${this.message}`];
    if (this.hint) lines.push(`  try: ${this.hint}`);
    if (this.alternatives && this.alternatives.length > 0) {
      lines.push(`  valid: ${this.alternatives.join(', ')}`);
    }
    return lines.join('\n');
  }
}

/** Bad input from the user: unknown names, bad knob values, bad options (exit 2). */
export function usageError(code: string, message: string, opts: { hint?: string; alternatives?: readonly string[] } = {}): InterleaveError {
  return new InterleaveError(code, 'usage', message, opts);
}

/** The model misbehaved: threw, left a domain, broke determinism (exit 4). */
export function modelError(code: string, message: string, opts: { hint?: string; alternatives?: readonly string[] } = {}): InterleaveError {
  return new InterleaveError(code, 'model', message, opts);
}

/** For exhaustive switches over unions. */
export function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}

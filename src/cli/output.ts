import { Chalk, type ChalkInstance } from 'chalk';
import { isUserError, errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { redactSecrets, redactUrl } from '../util/redact.js';

export interface OutputOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
}

/** The password of a URL, if it has one (raw and decoded forms are both redacted). */
export function passwordOf(url: string | undefined): string[] {
  if (!url) return [];
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^:/@?#\s]*:([^@\s]*)@/i.exec(url);
  if (!m || !m[1]) return [];
  let decoded = m[1];
  try {
    decoded = decodeURIComponent(m[1]);
  } catch {
    // keep the raw form only
  }
  return [m[1], decoded];
}

/**
 * Everything the CLI prints goes through here: human lines on stdout (progress on stderr in
 * `--json` mode, so stdout holds one JSON document), errors on stderr, passwords redacted.
 */
export class Output {
  readonly color: ChalkInstance;
  readonly #options: OutputOptions;
  readonly #secrets: string[] = [];

  constructor(options: OutputOptions) {
    this.#options = options;
    this.color = new Chalk({ level: options.color ? 1 : 0 });
  }

  /** Remembers a URL's password so it is never printed, whatever message carries it. */
  protectUrl(url: string | undefined): void {
    this.#secrets.push(...passwordOf(url));
  }

  get json(): boolean {
    return this.#options.json;
  }

  /** `--verbose`: commands print more detail. */
  get verbose(): boolean {
    return this.#options.verbose;
  }

  #clean(text: string): string {
    return redactSecrets(redactUrl(text), this.#secrets);
  }

  /** A result line for humans; nothing in `--json` or `--quiet` mode. */
  line(text = ''): void {
    if (this.#options.json || this.#options.quiet) return;
    process.stdout.write(`${this.#clean(text)}\n`);
  }

  /** The one JSON document of `--json` mode. */
  document(value: unknown): void {
    if (!this.#options.json) return;
    process.stdout.write(`${this.#clean(JSON.stringify(value, null, 2))}\n`);
  }

  /** Progress and warnings for commands that run migrations. */
  logger(): Logger {
    const write = (text: string) => {
      if (this.#options.quiet) return;
      (this.#options.json ? process.stderr : process.stdout).write(`${this.#clean(text)}\n`);
    };
    return {
      info: (m) => write(m),
      warn: (m) => {
        process.stderr.write(`${this.#clean(this.color.yellow(`warning: ${m}`))}\n`);
      },
    };
  }

  /**
   * A failure the command reports itself before exiting non-zero (e.g. `current --check-heads`):
   * `Error:` and `Hint:` lines on stderr, also in `--json` mode, where the command's own
   * document on stdout already says what failed.
   */
  failure(message: string, hint?: string): void {
    const lines = [this.color.red(`Error: ${message}`), hint === undefined ? '' : this.color.dim(`Hint: ${hint}`)];
    process.stderr.write(`${this.#clean(lines.filter(Boolean).join('\n'))}\n`);
  }

  /** Prints an error: message and hint for a user error; the stack too with --verbose or for a bug. */
  error(err: unknown): void {
    const lines: string[] = [];
    if (isUserError(err)) {
      lines.push(this.color.red(`Error: ${err.message}`));
      if (err.hint) lines.push(this.color.dim(`Hint: ${err.hint}`));
      if (this.#options.verbose) lines.push(...causeChain(err));
    } else {
      lines.push(this.color.red(`Unexpected error: ${errorMessage(err)}`));
      lines.push(this.#options.verbose ? String((err as Error)?.stack ?? '') : this.color.dim('Hint: run again with --verbose for details; this is probably a bug in orm'));
      if (this.#options.verbose) lines.push(...causeChain(err));
    }
    if (this.#options.json) {
      process.stdout.write(
        `${this.#clean(JSON.stringify({ error: { message: errorMessage(err), hint: isUserError(err) ? (err.hint ?? null) : null } }, null, 2))}\n`,
      );
    }
    process.stderr.write(`${this.#clean(lines.filter(Boolean).join('\n'))}\n`);
  }
}

function causeChain(err: unknown): string[] {
  const out: string[] = [];
  let current: unknown = err;
  let depth = 0;
  while (current instanceof Error && depth < 10) {
    out.push(depth === 0 ? (current.stack ?? current.message) : `Caused by: ${current.stack ?? current.message}`);
    current = current.cause;
    depth++;
  }
  return out;
}

import { Chalk, type ChalkInstance } from 'chalk';
import { isUserError, errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { redactAll, redactUrl, urlSecrets } from '../util/redact.js';
import { jsonDocument, type ErrorDocument } from './json-output.js';

export interface OutputOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Colour on stdout (see color.ts). */
  readonly color: boolean;
  /** Colour on stderr; defaults to `color`. */
  readonly stderrColor?: boolean;
  /** The command running, for the `command` key of JSON documents. */
  readonly command?: string | null;
  /** Writes to the real stdout (in `--json` mode stray writes to stdout are sent to stderr). */
  readonly stdout?: (text: string) => void;
}

/** The password of a URL, if it has one (every form it may be printed in). */
export function passwordOf(url: string | undefined): string[] {
  return urlSecrets(url);
}

/** Applies `fn` to every string inside a JSON value (keys are ours and left alone). */
function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}

/**
 * Everything the CLI prints goes through here: results on stdout (in `--json` mode one JSON
 * document and nothing else), progress, warnings and errors on stderr (progress on stdout
 * without `--json`, as Alembic prints it).
 *
 * Passwords: every URL printed has its password shown as `***` (results included). Messages,
 * warnings, progress and stack traces are also scrubbed of the passwords themselves, wherever
 * they appear (the safety net for text from drivers and user code; plain-word passwords
 * excepted, see redact.ts). Results (result lines, JSON result documents, SQL scripts) keep
 * their data exact apart from URLs, so a password that happens to equal a revision id or a
 * table name does not corrupt them.
 */
export class Output {
  readonly color: ChalkInstance;
  readonly #stderrColor: ChalkInstance;
  readonly #options: OutputOptions;
  readonly #secrets: string[] = [];
  readonly #stdout: (text: string) => void;
  #documents = 0;

  constructor(options: OutputOptions) {
    this.#options = options;
    this.color = new Chalk({ level: options.color ? 1 : 0 });
    this.#stderrColor = new Chalk({ level: (options.stderrColor ?? options.color) ? 1 : 0 });
    this.#stdout = options.stdout ?? ((text) => void process.stdout.write(text));
  }

  /** Remembers a URL's password so it is never printed, whatever message carries it. */
  protectUrl(url: string | undefined): void {
    this.#secrets.push(...passwordOf(url));
  }

  /** Remembers secrets (e.g. PGPASSWORD) so they are never printed in a message. */
  protectSecret(secret: string | undefined): void {
    if (secret) this.#secrets.push(secret);
  }

  get json(): boolean {
    return this.#options.json;
  }

  /** `--verbose`: commands print more detail. */
  get verbose(): boolean {
    return this.#options.verbose;
  }

  /** True once the JSON document is out (a later failure then goes to stderr only). */
  get documentPrinted(): boolean {
    return this.#documents > 0;
  }

  /** Masking for results: URLs only. */
  #cleanResult(text: string): string {
    return redactUrl(text);
  }

  /** Masking for messages, logs and stacks: URLs, and every known password wherever it appears. */
  #clean(text: string): string {
    return redactAll(text, this.#secrets);
  }

  #stderr(text: string): void {
    process.stderr.write(`${this.#clean(text)}\n`);
  }

  /** A result line for humans; nothing in `--json` or `--quiet` mode. */
  line(text = ''): void {
    if (this.#options.json || this.#options.quiet) return;
    this.#stdout(`${this.#cleanResult(text)}\n`);
  }

  /** A result printed as it is (an SQL script), also with `--quiet`; nothing in `--json` mode. */
  text(text: string): void {
    if (this.#options.json) return;
    this.#stdout(this.#cleanResult(text));
  }

  /** The one JSON document of `--json` mode: the command's result, after `formatVersion` and `command`. */
  document(value: object): void {
    if (!this.#options.json) return;
    this.#writeDocument(mapStrings(jsonDocument(this.#options.command ?? null, value), (s) => this.#cleanResult(s)));
  }

  #writeDocument(value: unknown): void {
    if (this.#documents > 0) throw new Error('a second JSON document');
    this.#documents++;
    this.#stdout(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Progress and warnings for commands that run migrations. */
  logger(): Logger {
    return {
      info: (m) => {
        if (this.#options.quiet) return;
        if (this.#options.json) this.#stderr(m);
        else this.#stdout(`${this.#clean(m)}\n`);
      },
      warn: (m) => this.#stderr(this.#stderrColor.yellow(`warning: ${m}`)),
    };
  }

  /**
   * A failure the command reports itself before exiting non-zero (e.g. `current --check-heads`):
   * `Error:` and `Hint:` lines on stderr, also in `--json` mode, where the command's own
   * document on stdout already says what failed.
   */
  failure(message: string, hint?: string): void {
    const c = this.#stderrColor;
    this.#stderr([c.red(`Error: ${message}`), hint === undefined ? '' : c.dim(`Hint: ${hint}`)].filter(Boolean).join('\n'));
  }

  /**
   * Prints an error: message and hint for a user error; the stack too with --verbose or for a
   * bug. In `--json` mode also the error document on stdout (unless a document is out already).
   */
  error(err: unknown): void {
    const c = this.#stderrColor;
    const lines: string[] = [];
    if (isUserError(err)) {
      lines.push(c.red(`Error: ${err.message}`));
      if (err.hint) lines.push(c.dim(`Hint: ${err.hint}`));
      if (this.#options.verbose) lines.push(...causeChain(err));
    } else {
      lines.push(c.red(`Unexpected error: ${errorMessage(err)}`));
      lines.push(this.#options.verbose ? String((err as Error)?.stack ?? '') : c.dim('Hint: run again with --verbose for details; this is probably a bug in orm'));
      if (this.#options.verbose) lines.push(...causeChain((err as Error)?.cause, 1));
    }
    if (this.#options.json && this.#documents === 0) {
      this.errorDocument(errorMessage(err), isUserError(err) ? (err.hint ?? null) : null);
    }
    this.#stderr(lines.filter(Boolean).join('\n'));
  }

  /** The `{ error: { message, hint } }` document of `--json` mode (no stderr lines). */
  errorDocument(message: string, hint: string | null): void {
    if (!this.#options.json || this.#documents > 0) return;
    const doc: ErrorDocument = { ...(jsonDocument(this.#options.command ?? null, {}) as ErrorDocument), error: { message, hint } };
    this.#writeDocument(mapStrings(doc, (s) => this.#clean(s)));
  }
}

/** The error's stack, then each cause's (`Caused by: ...`), at most 10 deep. */
function causeChain(err: unknown, startDepth = 0): string[] {
  const out: string[] = [];
  let current: unknown = err;
  let depth = startDepth;
  while (current !== undefined && current !== null && depth < 10) {
    const text = current instanceof Error || (typeof current === 'object' && 'message' in current)
      ? String((current as Error).stack ?? (current as Error).message)
      : String(current);
    out.push(depth === 0 ? text : `Caused by: ${text}`);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
    depth++;
  }
  return out;
}

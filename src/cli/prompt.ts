import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { isatty } from 'node:tty';
import { describeRenameCandidate, type RenameCandidate } from '../diff/renames.js';
import { UserError } from '../util/errors.js';

/**
 * Yes/no questions on a terminal (`revision --autogenerate` asking whether a drop and an add are
 * a rename). Commands never read input themselves: they take a `confirm` callback, which the CLI
 * builds from this only when a person can answer. Otherwise nothing waits for input.
 */

/**
 * May the CLI ask? Only when stdin and stderr (where questions go, keeping stdout for results)
 * are terminals, outside CI (`CI` set to anything but empty, `0` or `false`) and outside
 * `--json` mode.
 */
export function canPrompt(options: {
  readonly json: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly stdinIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}): boolean {
  if (options.json) return false;
  const ci = (options.env.CI ?? '').trim().toLowerCase();
  if (ci !== '' && ci !== '0' && ci !== 'false') return false;
  return options.stdinIsTTY && options.stderrIsTTY;
}

export interface YesNoPrompt {
  /** Writes `QUESTION [y/N] ` and reads one line: `y` or `yes` (any case) is yes; anything else, or end of input, no. */
  ask(question: string): Promise<boolean>;
  /** Stops reading (the input is released so the process can exit). */
  close(): void;
}

/**
 * Questions read from `input`, written to `output`, one line per answer (answers typed ahead are
 * kept for the next questions). Nothing is read before the first question. Ctrl+C at a question
 * aborts the command (a `UserError`: nothing written).
 */
export function yesNoPrompt(streams: { readonly input: Readable & { isTTY?: boolean }; readonly output: Writable & { isTTY?: boolean } }): YesNoPrompt {
  const { input, output } = streams;
  let rl: Interface | null = null;
  const lines: string[] = [];
  let waiting: ((line: string | null) => void) | null = null;
  let ended = false;
  let interrupted = false;
  const deliver = (line: string | null) => {
    const resolve = waiting;
    waiting = null;
    resolve?.(line);
  };
  const open = (): Interface => {
    const created = createInterface({ input, output, terminal: input.isTTY === true && output.isTTY === true });
    created.on('line', (line) => (waiting ? deliver(line) : lines.push(line)));
    created.on('close', () => {
      ended = true;
      deliver(null);
    });
    created.on('SIGINT', () => {
      interrupted = true;
      output.write('^C\n');
      created.close();
    });
    return created;
  };
  // A terminal echoes what is typed; elsewhere (injected streams) the answer is written back.
  const terminal = input.isTTY === true && output.isTTY === true;
  return {
    async ask(question) {
      const prompt = `${question} [y/N] `;
      let line: string | null;
      let echoed = false;
      if (lines.length > 0 || ended) {
        output.write(prompt);
        line = lines.shift() ?? null;
      } else {
        rl ??= open();
        rl.setPrompt(prompt);
        rl.prompt();
        line = await new Promise<string | null>((resolve) => (waiting = resolve));
        echoed = terminal && line !== null;
      }
      if (interrupted) throw new UserError('Interrupted: nothing was written', { exitCode: 130 });
      if (!echoed) output.write(`${terminal ? '' : (line ?? '')}\n`);
      return line !== null && /^\s*y(es)?\s*$/i.test(line);
    },
    close() {
      rl?.close();
    },
  };
}

/**
 * The `confirm` of `revision --autogenerate` ("rename users.name -> full_name? [y/N]" on stderr),
 * or null when nobody can answer (see `canPrompt`): then nothing is asked and nothing waits.
 */
export function renameConfirm(options: { readonly json: boolean; readonly env: NodeJS.ProcessEnv }): {
  confirm: (candidate: RenameCandidate) => Promise<boolean>;
  close(): void;
} | null {
  if (!canPrompt({ ...options, stdinIsTTY: isatty(0), stderrIsTTY: isatty(2) })) return null;
  const prompt = yesNoPrompt({ input: process.stdin, output: process.stderr });
  return { confirm: (candidate) => prompt.ask(renameQuestion(candidate)), close: () => prompt.close() };
}

/** `rename users.name -> full_name?`, `rename table users -> people?`. */
export function renameQuestion(candidate: RenameCandidate): string {
  return `rename ${candidate.kind === 'table' ? 'table ' : ''}${describeRenameCandidate(candidate)}?`;
}

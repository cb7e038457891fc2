/**
 * Whether a stream gets ANSI colour codes. Decided for stdout and stderr separately, by the
 * same rule, first match wins:
 *
 * 1. `--no-color`: none.
 * 2. `NO_COLOR` set to any non-empty value (no-color.org): none.
 * 3. `FORCE_COLOR` set and not empty: none for `0` or `false`, colour for anything else, even
 *    when the stream is not a terminal (force-color.org).
 * 4. The stream is not a terminal (a pipe, a file, CI logs): none.
 * 5. `TERM=dumb`: none.
 * 6. Otherwise: colour (the 16 basic colours).
 *
 * chalk's own detection is not used: it looks at stdout only, honours `FORCE_COLOR` over
 * `NO_COLOR`, and turns colour on in some CI systems without a terminal.
 */
export interface ColorStream {
  readonly isTTY?: boolean;
}

export function colorEnabled(stream: ColorStream, flag: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.trim().toLowerCase());
  if (!stream.isTTY) return false;
  if (env.TERM === 'dumb') return false;
  return true;
}

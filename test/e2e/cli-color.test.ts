/**
 * Colour codes, through the built CLI. The rule (src/cli/color.ts), decided for stdout and
 * stderr separately: `--no-color` > `NO_COLOR` (non-empty) > `FORCE_COLOR` (`0`/`false`: off,
 * else on) > not a terminal: off > `TERM=dumb`: off > colour. Real terminals come from
 * `script(1)`, which runs the CLI on a pseudo-terminal.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from '../helpers/cli.js';
import { createTempDir } from '../helpers/databases.js';
import { writeProject } from '../helpers/e2e-project.js';

const ESC = '\u001b[';

/** The environment of the test run without anything that decides colour, plus `env`. */
function colorEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '' };
  for (const key of ['NO_COLOR', 'FORCE_COLOR', 'TERM', 'CI', 'COLORTERM']) delete base[key];
  return { ...base, TERM: 'xterm-256color', ...env };
}

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI with stdout and stderr piped (not terminals). */
function piped(cwd: string, args: string[], env: Record<string, string> = {}, extra: string[] = []): Run {
  const r = spawnSync(process.execPath, [BIN, ...args, ...extra], { cwd, env: colorEnv(env), encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function hasScript(): boolean {
  const r = spawnSync('script', ['-qec', 'true', '/dev/null'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0;
}

/** A shell command line run on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(cwd: string, shellCommand: string, env: Record<string, string> = {}): Run {
  const r = spawnSync('script', ['-qec', shellCommand, '/dev/null'], { cwd, env: colorEnv(env), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const ORM = `'${process.execPath}' '${BIN}'`;

describe('colour codes', () => {
  let project: ReturnType<typeof writeProject>;
  const url = () => `sqlite:${join(project.dir, 'app.db')}`;
  /** Commands that print in colour when allowed: a bold id (stdout), an error with hint (stderr), a warning (stderr), a --verbose error. */
  const runAll = (env: Record<string, string>, extra: string[] = []): Run[] => [
    piped(project.dir, ['heads', '--url', url()], env, extra),
    piped(project.dir, ['show', 'nope', '--url', url()], env, extra),
    piped(project.dir, ['upgrade', 'heads:heads', '--sql', '--url', url()], env, extra),
    piped(project.dir, ['current', '--verbose', '--url', 'sqlite:./no/such/dir/x.db'], env, extra),
    piped(project.dir, ['upgrade', 'head', '--bogus'], env, extra),
  ];
  const expectNoColor = (runs: Run[]) => {
    for (const r of runs) {
      expect(r.stdout).not.toContain(ESC);
      expect(r.stderr).not.toContain(ESC);
    }
  };

  beforeAll(() => {
    project = writeProject([{ id: 'aaaa00000001', down: null, message: 'first', upgrade: "  op.createTable('t', { id: { type: 'integer', primaryKey: true } });" }]);
  });
  afterAll(() => project.cleanup());

  it('the commands print what the tests look at', () => {
    const [heads, show, warn, verbose, usage] = runAll({});
    expect(heads!.stdout).toBe('aaaa00000001 (head)\n');
    expect(show!.stderr).toMatch(/^Error: No such revision/m);
    expect(warn!.stderr).toMatch(/^warning: nothing to do/m);
    expect(verbose!.stderr).toMatch(/^\s+at /m);
    expect(usage!.status).toBe(2);
  });

  it('not a terminal: no colour on stdout or stderr', () => {
    expectNoColor(runAll({}));
  });

  it('NO_COLOR (any non-empty value) wins over FORCE_COLOR', () => {
    expectNoColor(runAll({ NO_COLOR: '1', FORCE_COLOR: '1' }));
    expectNoColor(runAll({ NO_COLOR: 'no', FORCE_COLOR: '3' }));
  });

  it('--no-color wins over FORCE_COLOR', () => {
    expectNoColor(runAll({ FORCE_COLOR: '1' }, ['--no-color']));
  });

  it('FORCE_COLOR=0 and FORCE_COLOR=false: no colour', () => {
    expectNoColor(runAll({ FORCE_COLOR: '0' }));
    expectNoColor(runAll({ FORCE_COLOR: 'false' }));
  });

  it('FORCE_COLOR=1 colours both streams without a terminal; an empty NO_COLOR is unset', () => {
    for (const env of [{ FORCE_COLOR: '1' }, { FORCE_COLOR: 'true', NO_COLOR: '' }] as Array<Record<string, string>>) {
      const [heads, show, warn] = runAll(env);
      expect(heads!.stdout).toBe(`${ESC}1maaaa00000001${ESC}22m (head)\n`);
      expect(show!.stderr).toContain(`${ESC}31mError: No such revision`);
      expect(warn!.stderr).toContain(`${ESC}33mwarning: nothing to do`);
    }
  });

  it('--json: the document never holds colour codes, even forced', () => {
    const r = piped(project.dir, ['heads', '--json', '--url', url()], { FORCE_COLOR: '1' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(JSON.parse(r.stdout)).toMatchObject({ command: 'heads' });
  });

  (hasScript() ? describe : describe.skip)('on a terminal (script(1))', () => {
    it('colour by default, on both streams', () => {
      const r = onTerminal(project.dir, `${ORM} heads --url '${url()}'; ${ORM} show nope --url '${url()}'`);
      expect(r.stdout).toContain(`${ESC}1maaaa00000001${ESC}22m (head)`);
      expect(r.stdout).toContain(`${ESC}31mError: No such revision`);
    });

    it('NO_COLOR, --no-color and TERM=dumb turn it off', () => {
      const cmd = (extra = '') => `${ORM} heads --url '${url()}' ${extra}; ${ORM} show nope --url '${url()}' ${extra}; ${ORM} upgrade heads:heads --sql --url '${url()}' ${extra}`;
      for (const [env, extra] of [[{ NO_COLOR: '1' }, ''], [{}, '--no-color'], [{ TERM: 'dumb' }, '']] as const) {
        const r = onTerminal(project.dir, cmd(extra), env);
        expect(r.stdout).toContain('aaaa00000001 (head)');
        expect(r.stdout).toContain('Error: No such revision');
        expect(r.stdout).toContain('warning: nothing to do');
        expect(r.stdout).not.toContain(ESC);
      }
    });

    it('each stream on its own: stderr redirected to a file has no colour while stdout is a terminal, and the reverse', () => {
      const errFile = join(project.dir, 'err.txt');
      const outFile = join(project.dir, 'out.txt');
      const r = onTerminal(
        project.dir,
        `${ORM} show nope --url '${url()}' 2>'${errFile}'; ${ORM} heads --url '${url()}' >'${outFile}'; ${ORM} show nope --url '${url()}' >/dev/null`,
      );
      expect(existsSync(errFile)).toBe(true);
      expect(readFileSync(errFile, 'utf8')).toMatch(/^Error: No such revision/);
      expect(readFileSync(errFile, 'utf8')).not.toContain(ESC);
      expect(readFileSync(outFile, 'utf8')).toBe('aaaa00000001 (head)\n');
      // stderr still on the terminal: coloured
      expect(r.stdout).toContain(`${ESC}31mError: No such revision`);
      writeFileSync(errFile, '');
    });
  });

  it('a test helper run (NO_COLOR=1 as runCli sets it) never sees colour, whatever FORCE_COLOR the test runner sets', () => {
    expectNoColor(runAll({ NO_COLOR: '1', FORCE_COLOR: '2' }));
  });
});

/** Kept apart: a missing project gives an error before anything else is set up. */
describe('colour codes before a project exists', () => {
  it('errors for a missing config follow the same rule', () => {
    const tmp = createTempDir('orm-color-');
    try {
      const plain = piped(tmp.dir, ['heads'], {});
      expect(plain.status).toBe(1);
      expect(plain.stderr).not.toContain(ESC);
      const forced = piped(tmp.dir, ['heads'], { FORCE_COLOR: '1' });
      expect(forced.stderr).toContain(`${ESC}31mError: No config file found`);
    } finally {
      tmp.cleanup();
    }
  });
});

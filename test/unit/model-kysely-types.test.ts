import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Type-level tests of `InferDatabase` (typed Kysely queries from the models), enforced by
 * `npm test` and not only by `tsc --noEmit`: the fixture is compiled by the TypeScript compiler
 * with its `@ts-expect-error` directives turned off. Then exactly the statements they mark must
 * fail, each with the error code and a message fragment its directive names, and nothing else
 * may fail: so every `Equal` assertion holds, every query meant to compile compiles, and every
 * wrong query is rejected for the reason given. A regression in the types fails this test.
 */
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = join(REPO, 'test/unit/model-kysely-types-fixture.ts');
const DIRECTIVE = /\/\/ @ts-expect-error \[(\d+) `([^`]+)`\] (.+)$/;

interface Diagnostic {
  readonly line: number; // 1-based
  readonly code: number;
  readonly message: string;
}

/** The diagnostics of the fixture given as `source`, compiled with the repository's tsconfig. */
function diagnose(source: string): Diagnostic[] {
  const config = ts.readConfigFile(join(REPO, 'tsconfig.json'), ts.sys.readFile);
  const options = { ...ts.parseJsonConfigFileContent(config.config, ts.sys, REPO).options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError, create) =>
    file === FIXTURE ? ts.createSourceFile(file, source, language, true) : getSourceFile(file, language, onError, create);
  const program = ts.createProgram([FIXTURE], options, host);
  // Only the fixture's own diagnostics (and global ones): other files are other tests' business.
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(FIXTURE)).map((d) => ({
    line: d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0,
    code: d.code,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

const source = readFileSync(FIXTURE, 'utf8');
const lines = source.split('\n');
/** line (1-based) of each marked statement -> the error code, a fragment of its message, and why */
const expected = new Map<number, { code: number; fragment: string; why: string }>();
lines.forEach((text, i) => {
  const m = DIRECTIVE.exec(text.trim());
  if (m) expected.set(i + 2, { code: Number(m[1]), fragment: m[2]!, why: m[3]! });
});

let diagnostics: Diagnostic[];
beforeAll(() => {
  diagnostics = diagnose(source.replace(/\/\/ @ts-expect-error \[/g, '// (expected error) ['));
});

describe('InferDatabase: typed Kysely queries from the models', () => {
  it('the fixture marks enough failures, all in the checked form', () => {
    expect(expected.size).toBeGreaterThanOrEqual(20);
    // every directive has the [code `fragment`] form (the header comment names it once)
    expect(lines.filter((l) => l.includes('@ts-expect-error')).length).toBe(expected.size + 1);
  });

  it('everything else compiles: the type assertions hold, the valid queries type-check', () => {
    const unexpected = diagnostics.filter((d) => !expected.has(d.line));
    expect(unexpected.map((d) => `${d.line}: TS${d.code} ${d.message}`)).toEqual([]);
  });

  it('each marked statement fails, with the error its directive names', () => {
    const report = [...expected].map(([line, { code, fragment, why }]) => {
      const hit = diagnostics.find((d) => d.line === line && d.code === code && d.message.includes(fragment));
      const other = diagnostics.find((d) => d.line === line);
      return `${line} ${why}: ${hit ? `TS${code} ${fragment}` : other ? `TS${other.code} ${other.message}` : 'compiled'}`;
    });
    expect(report).toEqual([...expected].map(([line, { code, fragment, why }]) => `${line} ${why}: TS${code} ${fragment}`));
  });
});

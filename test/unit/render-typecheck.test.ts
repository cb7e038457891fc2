import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { renderOps } from '../../src/render/render-ops.js';
import { REPO, SCENARIOS, revisionSource, scenarioSource } from './render-fixtures.js';
import { opsArb } from './render-arbitraries.js';

/**
 * Rendered revision files compile, strict, against the package's own `Operations` type: they are
 * written to a temporary directory and checked by the TypeScript compiler with `orm` mapped to
 * src/index.ts.
 */
function typeCheck(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'orm-render-'));
  try {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const roots = Object.entries(files).map(([name, source]) => {
      const path = join(dir, name);
      writeFileSync(path, source);
      return path;
    });
    const program = ts.createProgram(roots, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [join(REPO, 'node_modules/@types')],
      skipLibCheck: true,
      paths: { orm: [join(REPO, 'src/index.ts')] },
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName.replace(dir, '<tmp>')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rendered revision files type-check against Operations', () => {
  it('every golden scenario, plus random op lists, with zero diagnostics', () => {
    const files: Record<string, string> = {};
    for (const { name, ops, reversible } of SCENARIOS) files[`${name}.ts`] = scenarioSource(name, ops, reversible);
    // one program for all: building it is what costs
    fc.sample(opsArb, { seed: 7, numRuns: 40 }).forEach((ops, i) => {
      files[`random_${i}.ts`] = revisionSource(`random ${i}`, renderOps(ops));
    });
    expect(typeCheck(files)).toEqual([]);
  });

  it('the check is real: a wrong call is reported', () => {
    const bad = revisionSource('bad', "op.createTable('t', { id: { type: 'integr' } });\nop.dropIndex('ix', { tabel: 't' });");
    const diagnostics = typeCheck({ 'bad.ts': bad });
    expect(diagnostics).toHaveLength(2);
    expect(diagnostics.join('\n')).toMatch(/'"integr"' is not assignable/);
    expect(diagnostics.join('\n')).toMatch(/'tabel' does not exist/);
  });
});

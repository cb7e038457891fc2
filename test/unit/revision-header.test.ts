import { parseRevisionHeader } from '../../src/revisions/revision-header.js';
import { UserError } from '../../src/util/errors.js';

const CONTRACT_EXAMPLE = `/**
 * create users
 *
 * Revision ID: 3f2a9c1d7b40
 * Revises: 9b1e0c2a4d11
 * Create Date: 2026-11-21 10:00:00
 */
import type { Operations } from 'orm';

export const revision = '3f2a9c1d7b40';
export const downRevision: string | string[] | null = '9b1e0c2a4d11';
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
  op.createTable('users', {});
}

export async function downgrade(op: Operations): Promise<void> {
  op.dropTable('users');
}
`;

function errorOf(source: string): UserError {
  try {
    parseRevisionHeader(source, 'versions/x.ts');
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

const head = (rest: string) => `export const revision = 'aaaa';\n${rest}`;

describe('parseRevisionHeader', () => {
  it('reads the file format of the contract', () => {
    expect(parseRevisionHeader(CONTRACT_EXAMPLE, 'versions/3f2a9c1d7b40_create_users.ts')).toEqual({
      revision: '3f2a9c1d7b40',
      downRevisions: ['9b1e0c2a4d11'],
      branchLabels: [],
      dependsOn: [],
      message: 'create users',
      doc: 'create users\n\nRevision ID: 3f2a9c1d7b40\nRevises: 9b1e0c2a4d11\nCreate Date: 2026-11-21 10:00:00',
      path: 'versions/3f2a9c1d7b40_create_users.ts',
    });
  });

  it.each([
    ['null', 'export const downRevision = null;', []],
    ['double quotes', 'export const downRevision = "bbbb";', ['bbbb']],
    ['an array', "export const downRevision: string[] = ['bbbb', 'cccc'];", ['bbbb', 'cccc']],
    ['a trailing comma', "export const downRevision = ['bbbb', 'cccc',];", ['bbbb', 'cccc']],
    ['an empty array', 'export const downRevision: string[] = [];', []],
    ['no semicolon', "export const downRevision = 'bbbb'\nexport const dependsOn = null", ['bbbb']],
    ['as const', "export const downRevision = ['bbbb'] as const;", ['bbbb']],
    ['a template string without substitution', 'export const downRevision = `bbbb`;', ['bbbb']],
    [
      'a multi-line array with comments',
      "export const downRevision: string | string[] | null = [\n  'bbbb', // the users branch\n  /* orders */ 'cccc',\n];",
      ['bbbb', 'cccc'],
    ],
    ['comments around', "export const downRevision /* parent */ = /* here */ 'bbbb'; // done", ['bbbb']],
    ['a type annotation on its own lines', "export const downRevision:\n  | string\n  | null =\n  'bbbb';", ['bbbb']],
  ])('reads downRevision as %s', (_name, line, expected) => {
    expect(parseRevisionHeader(head(line), 'x.ts').downRevisions).toEqual(expected);
  });

  it('reads branch labels and dependencies, a single string as a list', () => {
    const h = parseRevisionHeader(
      head("export const downRevision = null;\nexport const branchLabels = ['shop'];\nexport const dependsOn: string[] | null = 'net';"),
      'x.ts',
    );
    expect(h.branchLabels).toEqual(['shop']);
    expect(h.dependsOn).toEqual(['net']);
  });

  it('treats missing branchLabels and dependsOn as none, and declarations in any order', () => {
    const h = parseRevisionHeader("export const downRevision = 'bbbb';\nexport const revision = 'aaaa';\n", 'x.ts');
    expect(h).toMatchObject({ revision: 'aaaa', downRevisions: ['bbbb'], branchLabels: [], dependsOn: [] });
    expect(h.message).toBeUndefined();
  });

  it('ignores commented-out declarations', () => {
    const src = [
      "// export const revision = 'nope';",
      "/*\nexport const revision = 'nope2';\n*/",
      "export const revision = 'aaaa';",
      'export const downRevision = null;',
    ].join('\n');
    expect(parseRevisionHeader(src, 'x.ts').revision).toBe('aaaa');
  });

  it('reads escapes in strings', () => {
    expect(parseRevisionHeader(head("export const downRevision = 'b\\'b';"), 'x.ts').downRevisions).toEqual(["b'b"]);
  });

  it('takes the first paragraph of the doc comment as the message', () => {
    const src = `#!/usr/bin/env node\n// eslint-disable\n/* licence */\n/**\n * add orders\n * and their lines\n *\n * more text\n */\n${head('export const downRevision = null;')}`;
    const h = parseRevisionHeader(src, 'x.ts');
    expect(h.message).toBe('add orders and their lines');
    expect(h.doc).toBe('add orders\nand their lines\n\nmore text');
  });

  it('has no message when the doc comment starts with the fields', () => {
    const h = parseRevisionHeader(`/**\n * Revision ID: aaaa\n */\n${head('export const downRevision = null;')}`, 'x.ts');
    expect(h.message).toBeUndefined();
  });

  it('reports a missing revision', () => {
    const err = errorOf('export const downRevision = null;\n');
    expect(err.message).toMatch(/^versions\/x\.ts: no `export const revision/);
    expect(err.hint).toMatch(/leading _/);
  });

  it('reports a missing downRevision', () => {
    expect(errorOf("export const revision = 'aaaa';").message).toMatch(/^versions\/x\.ts: no `export const downRevision`/);
  });

  it('reports a function call with its line', () => {
    const err = errorOf(`/**\n * x\n */\nexport const revision = makeId();\nexport const downRevision = null;`);
    expect(err.message).toBe('versions/x.ts:4: `revision`: expected a literal (a string, an array of strings or null), found `makeId();`');
    expect(err.hint).toMatch(/plain literals/);
  });

  it.each([
    ["export const downRevision = 'bbbb' + suffix;", 2, /not a plain literal: found `\+ suffix;`/],
    ["export const downRevision = 'bbbb'.trim();", 2, /not a plain literal/],
    ['export const downRevision = `b${x}`;', 2, /template string/],
    ["export const downRevision = 'bbbb;", 2, /unterminated string/],
    ["export const downRevision = ['bbbb' 'cccc'];", 2, /expected ',' or '\]'/],
    ["export const downRevision = [\n'bbbb',\n", 2, /unterminated array/],
    ['export const downRevision = [ids[0]];', 2, /expected a string in the array/],
    ["export const downRevision 'bbbb';", 2, /expected '='/],
    ['export const downRevision = ;', 2, /expected a literal/],
    ["export const downRevision = '';", 2, /empty string/],
    ["export const downRevision = null;\nexport const downRevision = null;", 3, /declared twice/],
  ])('reports %j at its line', (line, lineNo, message) => {
    const err = errorOf(head(line));
    expect(err.message).toMatch(new RegExp(`^versions/x\\.ts:${lineNo}: `));
    expect(err.message).toMatch(message);
  });

  it('reports a revision that is not a string', () => {
    expect(errorOf("export const revision = ['a'];\nexport const downRevision = null;").message).toBe(
      'versions/x.ts:1: `revision` must be a non-empty string',
    );
  });

  it('parses 1,000 headers quickly', () => {
    const sources = Array.from({ length: 1000 }, (_, i) =>
      CONTRACT_EXAMPLE.replace(/3f2a9c1d7b40/g, i.toString(16).padStart(12, '0')).replace(
        "op.createTable('users', {});",
        "op.createTable('users', {});\n".repeat(20),
      ),
    );
    const started = performance.now();
    const parsed = sources.map((s, i) => parseRevisionHeader(s, `v/${i}.ts`));
    const elapsed = performance.now() - started;
    expect(parsed[999]!.revision).toBe('0000000003e7');
    // generous bound for slow CI machines; the target is ~10 ms
    expect(elapsed).toBeLessThan(1000);
  });
});

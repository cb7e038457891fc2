import { PassThrough } from 'node:stream';
import { canPrompt, renameQuestion, yesNoPrompt } from '../../src/cli/prompt.js';

/** The rename question of `revision --autogenerate`: when it may be asked, and how answers read. */
const streams = () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (d: Buffer) => (written += d.toString()));
  return { input, output, written: () => written };
};

describe('canPrompt', () => {
  const tty = { json: false, env: {}, stdinIsTTY: true, stderrIsTTY: true };
  it('asks only on a terminal, outside CI and --json', () => {
    expect(canPrompt(tty)).toBe(true);
    expect(canPrompt({ ...tty, stdinIsTTY: false })).toBe(false);
    expect(canPrompt({ ...tty, stderrIsTTY: false })).toBe(false);
    expect(canPrompt({ ...tty, json: true })).toBe(false);
    for (const ci of ['true', '1', 'yes', 'TRUE']) expect(canPrompt({ ...tty, env: { CI: ci } })).toBe(false);
    for (const ci of ['', '0', 'false', 'False']) expect(canPrompt({ ...tty, env: { CI: ci } })).toBe(true);
  });
});

describe('yesNoPrompt', () => {
  it('reads one line per question: y or yes is yes, anything else no', async () => {
    const s = streams();
    const prompt = yesNoPrompt(s);
    const first = prompt.ask('rename users.name -> full_name?');
    s.input.write('y\n');
    expect(await first).toBe(true);
    s.input.write('no\nYES\n\n');
    expect(await prompt.ask('second?')).toBe(false);
    expect(await prompt.ask('third?')).toBe(true);
    expect(await prompt.ask('fourth?')).toBe(false);
    prompt.close();
    expect(s.written()).toBe('rename users.name -> full_name? [y/N] y\nsecond? [y/N] no\nthird? [y/N] YES\nfourth? [y/N] \n');
  });

  it('the end of input is no, for this question and the next', async () => {
    const s = streams();
    const prompt = yesNoPrompt(s);
    const answer = prompt.ask('q?');
    s.input.end();
    expect(await answer).toBe(false);
    expect(await prompt.ask('again?')).toBe(false);
    prompt.close();
  });

  it('reads nothing before the first question', () => {
    const s = streams();
    const prompt = yesNoPrompt(s);
    s.input.write('y\n');
    prompt.close();
    expect(s.input.readableLength).toBeGreaterThan(0);
    expect(s.written()).toBe('');
  });

  it('words the rename questions', () => {
    expect(renameQuestion({ kind: 'column', schema: null, table: 'users', from: 'name', to: 'full_name', flag: 'users.name=full_name' })).toBe(
      'rename users.name -> full_name?',
    );
    expect(renameQuestion({ kind: 'table', schema: 'app', table: 'users', from: 'users', to: 'people', flag: 'app.users=people' })).toBe(
      'rename table app.users -> people?',
    );
  });
});

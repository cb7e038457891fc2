import { colorEnabled } from '../../src/cli/color.js';
import { isDistinctiveSecret, redactAll, redactSecrets, redactUrl, urlSecrets } from '../../src/util/redact.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://bob:s3cr%40t@host/db', 'postgres://bob:***@host/db'],
    ['cannot use postgres://bob:pw@host/db, giving up', 'cannot use postgres://bob:***@host/db, giving up'],
    ["'postgres://bob:'quote@host/db'", "'postgres://bob:***@host/db'"],
    ['a postgres://a:one@h1/x b mysql://b:two@h2/y', 'a postgres://a:***@h1/x b mysql://b:***@h2/y'],
    // raw reserved characters in the password: the userinfo runs to the last @
    ['postgres://bob:p@ss:w/rd%20x@127.0.0.1/db', 'postgres://bob:***@127.0.0.1/db'],
    ['postgres://bob:äö@h/db', 'postgres://bob:***@h/db'],
    ['postgres://bob@h/db?sslmode=require&password=sec%40ret&x=1', 'postgres://bob@h/db?sslmode=require&password=***&x=1'],
  ])('%s', (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });

  it.each([
    'postgres://bob@host/db',
    'sqlite:./app.db',
    'sqlite:///abs/app.db',
    'https://host:8080/path@v2',
    'see https://github.com/org/repo and postgres://h:5432/db',
    'Running upgrade <base> -> 3f2a, create users (4 ms)',
  ])('leaves %s alone', (text) => {
    expect(redactUrl(text)).toBe(text);
  });
});

describe('urlSecrets', () => {
  it('every spelling of the password: as written, decoded, encoded, WHATWG', () => {
    expect(urlSecrets('postgres://bob:p%40ss%3Aw%2Frd%2520x@h/db')).toEqual(expect.arrayContaining(['p%40ss%3Aw%2Frd%2520x', 'p@ss:w/rd%20x']));
    expect(urlSecrets('postgres://bob:äö@h/db')).toEqual(expect.arrayContaining(['äö', '%C3%A4%C3%B6']));
    expect(urlSecrets('postgres://bob:pa:ss@word1@h/db')).toEqual(expect.arrayContaining(['pa:ss@word1', 'pa%3Ass%40word1']));
    expect(urlSecrets('postgres://bob@h/db?password=sec%40ret')).toEqual(expect.arrayContaining(['sec%40ret', 'sec@ret']));
    expect(urlSecrets('postgres://bob@h/db')).toEqual([]);
    expect(urlSecrets('sqlite:./app.db')).toEqual([]);
    expect(urlSecrets(undefined)).toEqual([]);
  });
});

describe('masking passwords outside URLs', () => {
  it('redactSecrets masks every occurrence, longest spelling first', () => {
    expect(redactSecrets('a hunter2 b hunter2%40', ['hunter2', 'hunter2@'])).toBe('a *** b ***');
  });

  it('plain words are masked in URLs only: output stays readable', () => {
    expect(isDistinctiveSecret('postgres')).toBe(false);
    expect(isDistinctiveSecret('head')).toBe(false);
    expect(isDistinctiveSecret('äö')).toBe(false);
    expect(isDistinctiveSecret('hunter2')).toBe(true);
    expect(isDistinctiveSecret("'quote")).toBe(true);
    expect(isDistinctiveSecret('correcthorsebatterystaple')).toBe(true);
    expect(redactAll('postgres://postgres:postgres@h/db is at (head)', ['postgres', 'head'])).toBe('postgres://postgres:***@h/db is at (head)');
    expect(redactAll('the password is hunter2!', ['hunter2!'])).toBe('the password is ***');
  });
});

describe('colorEnabled', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    ['a terminal', tty, undefined, {}, true],
    ['a pipe', pipe, undefined, {}, false],
    ['--no-color', tty, false, { FORCE_COLOR: '1' }, false],
    ['NO_COLOR over FORCE_COLOR', tty, undefined, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['an empty NO_COLOR is unset', tty, undefined, { NO_COLOR: '' }, true],
    ['FORCE_COLOR on a pipe', pipe, undefined, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=true', pipe, undefined, { FORCE_COLOR: 'true' }, true],
    ['FORCE_COLOR=0', tty, undefined, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false', tty, undefined, { FORCE_COLOR: 'false' }, false],
    ['an empty FORCE_COLOR is unset', pipe, undefined, { FORCE_COLOR: '' }, false],
    ['TERM=dumb', tty, undefined, { TERM: 'dumb' }, false],
    ['TERM=dumb, forced', pipe, undefined, { TERM: 'dumb', FORCE_COLOR: '1' }, true],
  ] as const)('%s', (_name, stream, flag, env, expected) => {
    expect(colorEnabled(stream, flag, env as NodeJS.ProcessEnv)).toBe(expected);
  });
});

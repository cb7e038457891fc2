/**
 * Passwords never reach the user's screen: every URL we print, and every message that may
 * contain one, goes through here first.
 *
 * Two kinds of masking:
 * - `redactUrl`: the password of every URL in a text (`scheme://user:PASSWORD@host`, and a
 *   `password=` query parameter) becomes `***`, wherever the URL sits in the text. Nothing else
 *   changes, so it is safe on results (JSON documents, SQL scripts, files).
 * - `redactSecrets`: every occurrence of known passwords (as written, decoded and
 *   percent-encoded) becomes `***`. It is the safety net for text from drivers, user code and
 *   stack traces, where a password may appear outside a URL. `redactAll` (what the CLI uses)
 *   leaves out passwords that are plain words (see `isDistinctiveSecret`): masking `postgres`
 *   or `head` everywhere would blank out the URL scheme, user names and `(head)` markers
 *   while hiding nothing a reader could tell was a password.
 */

/** Passwords the process has seen in a database URL (`--url`, the config, `DATABASE_URL`, PGPASSWORD). */
const known = new Set<string>();

/** Remembers secrets so that `protectedSecrets()` (what the CLI masks in every message) includes them. */
export function protectSecrets(secrets: Iterable<string | undefined>): void {
  for (const s of secrets) if (s) known.add(s);
}

/** Remembers the password of a URL, in every form it may be printed in. */
export function protectUrl(url: string | undefined): void {
  protectSecrets(urlSecrets(url));
}

/** Everything `protectSecrets` / `protectUrl` remembered. */
export function protectedSecrets(): string[] {
  return [...known];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const SCHEME = /[a-z][a-z0-9+.-]*:\/\//gi;

/** Where the userinfo of the URL starting at `start` (just after `scheme://`) ends: its last `@`, or -1. */
function userinfoEnd(text: string, start: number): { end: number; tokenEnd: number } {
  let tokenEnd = start;
  while (tokenEnd < text.length && !/\s/.test(text[tokenEnd]!)) tokenEnd++;
  const token = text.slice(start, tokenEnd);
  const authority = token.split(/[/?#]/, 1)[0]!;
  // A password may hold a raw `@`, `/` or `:` (written without percent-encoding): the userinfo
  // then runs to the token's last `@`. Only when the authority has an `@` is there a userinfo.
  if (!authority.includes('@')) return { end: -1, tokenEnd };
  return { end: start + token.lastIndexOf('@'), tokenEnd };
}

/** The password forms of one URL: as written, decoded, re-encoded; and of a `password=` parameter. */
export function urlSecrets(url: string | undefined): string[] {
  if (!url) return [];
  const out = new Set<string>();
  const add = (raw: string) => {
    if (!raw) return;
    const decoded = safeDecode(raw);
    for (const form of [raw, decoded, encodeURIComponent(decoded)]) if (form) out.add(form);
    try {
      // the WHATWG form (`äö` -> `%C3%A4%C3%B6`, `'` kept), as drivers print a parsed URL
      const whatwg = new URL(`x://u:${raw.replace(/[@/?#]/g, encodeURIComponent)}@h`).password;
      if (whatwg) out.add(whatwg);
    } catch {
      // not expressible: the other forms stand
    }
  };
  SCHEME.lastIndex = 0;
  const m = SCHEME.exec(url);
  if (m) {
    const start = m.index + m[0].length;
    const { end } = userinfoEnd(url, start);
    if (end >= 0) {
      const userinfo = url.slice(start, end);
      const colon = userinfo.indexOf(':');
      if (colon >= 0) add(userinfo.slice(colon + 1));
    }
  }
  for (const p of url.matchAll(/[?&]password=([^&#\s]*)/gi)) add(p[1]!);
  return [...out];
}

/**
 * `postgres://bob:s3cr%40t@host/db` -> `postgres://bob:***@host/db`, for every URL in `text`
 * (also one whose password holds raw `@`, `:` or `/`), and `?password=...` -> `?password=***`.
 */
export function redactUrl(text: string): string {
  let out = '';
  let last = 0;
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(text); m !== null; m = SCHEME.exec(text)) {
    const start = m.index + m[0].length;
    const { end, tokenEnd } = userinfoEnd(text, start);
    let token = text.slice(start, tokenEnd);
    if (end >= 0) {
      const userinfo = text.slice(start, end);
      const colon = userinfo.indexOf(':');
      if (colon >= 0) token = `${userinfo.slice(0, colon)}:***${text.slice(end, tokenEnd)}`;
    }
    token = token.replace(/([?&]password=)[^&#\s]*/gi, '$1***');
    out += text.slice(last, start) + token;
    last = tokenEnd;
    SCHEME.lastIndex = Math.max(tokenEnd, start);
  }
  return out + text.slice(last);
}

/** Replaces every occurrence of the given secrets (raw and URL-encoded) in a text. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  // longest first, so a secret containing another is masked whole
  const forms = new Set<string>();
  for (const secret of secrets) {
    // Very short secrets would blank out ordinary words; URLs are still redacted by redactUrl.
    if (!secret || [...secret].length < 4) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    out = out.split(form).join('***');
  }
  return out;
}

/**
 * True for a secret worth masking wherever it appears: at least 4 characters, and not a plain
 * word, i.e. it holds a character other than a letter (digit, punctuation, space, `%`), or it
 * is a long passphrase (16 letters or more).
 */
export function isDistinctiveSecret(secret: string): boolean {
  const length = [...secret].length;
  if (length < 4) return false;
  return /[^\p{L}]/u.test(secret) || length >= 16;
}

/**
 * Both maskings, with the given secrets and every protected one: for messages, logs and
 * stacks. Passwords that are plain words are masked inside URLs only.
 */
export function redactAll(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  return redactSecrets(redactUrl(text), [...secrets, ...known].filter((s): s is string => s !== undefined && isDistinctiveSecret(s)));
}

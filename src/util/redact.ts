/**
 * Passwords never reach the user's screen: every URL we print, and every message that may
 * contain one, goes through here first.
 */

/** `postgres://bob:s3cr%40t@host/db` -> `postgres://bob:***@host/db`. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#\s]*):[^@\s]*@/i, '$1:***@');
}

/** Replaces every occurrence of the given secrets (raw and URL-encoded) in a text. */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    // Very short secrets would blank out ordinary words; URLs are still redacted by redactUrl.
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join('***');
    }
  }
  return out;
}

/** Stateless, so one instance serves every call. */
const ENCODER = new TextEncoder();

/**
 * A short, stable, non-cryptographic hash (FNV-1a, 32 bits, over the UTF-8 bytes) written as
 * 8 lowercase hex digits. Used where a name must be derived from text and stay the same on
 * every machine and Node version, e.g. `shortHash('age >= 0')` for a check constraint's name.
 */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of ENCODER.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The length of `text` in UTF-8 bytes (PostgreSQL limits identifiers in bytes, not characters). */
export function utf8Length(text: string): number {
  // ASCII (nearly every name) is one byte a character: no need to encode.
  return /^[\x00-\x7f]*$/.test(text) ? text.length : ENCODER.encode(text).length;
}

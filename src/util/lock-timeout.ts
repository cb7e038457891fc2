/** How long a run waits for another one holding the migration lock by default, in seconds. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 600;

/** `--lock-timeout SECONDS` as typed: a non-negative number (fractions allowed), or null. */
export function parseLockTimeout(text: string): number | null {
  const trimmed = text.trim();
  const seconds = Number(trimmed);
  return trimmed === '' || !Number.isFinite(seconds) || seconds < 0 ? null : seconds;
}

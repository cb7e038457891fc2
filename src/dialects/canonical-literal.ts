/**
 * Canonical spellings of literal values, shared by the dialects' normalizers: two spellings of
 * the same value (`1.50` and `1.5`, `{"b":1,"a":2}` and `{"a": 2, "b": 1}`) get one key.
 */

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** True when `text` is a plain decimal number (optionally signed, with a fraction or exponent). */
export function isDecimalText(text: string): boolean {
  const m = DECIMAL.exec(text.trim());
  return m !== null && (m[2] !== '' || (m[3] ?? '') !== '');
}

/**
 * A decimal number in one spelling: no sign for zero, no leading or trailing zeros, no
 * exponent. Works on the digits, never through a float, so that big integers and long
 * fractions keep every digit. Returns null for anything that is not a decimal number.
 */
export function canonicalDecimal(text: string): string | null {
  const m = DECIMAL.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const sign = m[1] === '-' ? '-' : '';
  let digits = `${m[2]}${m[3] ?? ''}`;
  // The position of the decimal point within `digits`, moved by the exponent.
  let point = m[2]!.length + (m[4] ? Number(m[4]) : 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const out = frac === '' ? int : `${int}.${frac}`;
  return out === '0' ? '0' : sign + out;
}

/** JSON text with object keys sorted, no insignificant spaces; null when `text` is not JSON. */
export function canonicalJson(text: string): string | null {
  try {
    return stableStringify(JSON.parse(text));
  } catch {
    return null;
  }
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Value validators used to confirm shape matches (cheap, allocation-free where possible). */

/** Only the ASCII digits of `s` (`'4111-1111'` → `'41111111'`). */
export function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

/** True when a digit string passes the Luhn (mod 10) check used by card numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * True when a 9-digit string is a plausible ABA routing number: Federal Reserve prefix (00–12,
 * 21–32, 61–72, 80) and the 3-7-1 weighted checksum.
 */
export function abaValid(digits: string): boolean {
  if (digits.length !== 9) return false;
  const prefix = Number(digits.slice(0, 2));
  const prefixOk =
    prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  if (!prefixOk) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  return sum % 10 === 0;
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** True for a textual IPv6 address (with at most one `::`), excluding `::` and `::1` (loopback). */
export function ipv6Valid(s: string): boolean {
  if (s === '::' || s === '::1') return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => HEX_GROUP.test(g))) return false;
  return halves.length === 2 ? groups.length <= 7 : groups.length === 8;
}

/** POSIX shell quoting for copy-as-cURL. */

// Characters that are unsafe to paste raw into a terminal: C0/C1 controls other than newline (tab
// triggers completion, CR runs the line, ESC drives the terminal), DEL, and invisible or bidi
// formatting characters that could make the pasted command read differently from what runs.
const NEEDS_ANSI_C = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;
const ANSI_C_ESCAPED = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\\']/gu;

const utf8 = new TextEncoder();

function ansiCEscape(char: string): string {
  if (char === '\\') return '\\\\';
  if (char === "'") return "\\'";
  if (char === '\n') return '\\n';
  // Bytes, not `\u`: bash renders `\u` only in UTF-8 locales, `\xHH` everywhere.
  let out = '';
  for (const byte of utf8.encode(char)) out += `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}

/**
 * Quotes `value` as one POSIX shell word that expands to exactly `value`:
 * single quotes (`'` becomes `'\''`), so `$`, backticks, `!`, `\` and newlines stay literal; or, when
 * the value holds control, invisible or bidi characters, ANSI-C quoting (`$'…'`, bash/zsh/ksh and
 * POSIX.1-2024 sh) with those characters as `\xHH` UTF-8 bytes so the pasted text shows them.
 * NUL cannot be passed in an argument at all and is dropped; callers say so (see `hasNul`).
 */
export function quotePosix(value: string): string {
  const text = value.replaceAll('\0', '');
  if (NEEDS_ANSI_C.test(text)) return `$'${text.replace(ANSI_C_ESCAPED, ansiCEscape)}'`;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** True when `value` holds NUL, which no command line can carry. */
export function hasNul(value: string): boolean {
  return value.includes('\0');
}

/**
 * Readable names for Rust's legacy symbol mangling (`_ZN7branchy3say17h…E` →
 * `branchy::say`), which rustc uses by default; anything else is returned as is.
 */
export function demangle(mangled: string): string {
  // LLVM appends `.llvm.<digits>` to symbols it made local.
  const name = mangled.replace(/\.llvm\.\d+$/, '');
  if (!name.startsWith('_ZN') || !name.endsWith('E')) return mangled;
  const parts: string[] = [];
  let at = 3;
  while (at < name.length - 1) {
    const digits = /^\d+/.exec(name.slice(at));
    if (digits === null) return mangled;
    const length = Number(digits[0]);
    at += digits[0].length;
    const part = name.slice(at, at + length);
    // A part that starts with `$` is written with a leading `_`.
    parts.push(part.startsWith('_$') ? part.slice(1) : part);
    at += length;
  }
  if (at !== name.length - 1 || parts.length === 0) return mangled;
  // The last part is the hash: h + 16 hex digits.
  if (/^h[0-9a-f]{16}$/.test(parts.at(-1) ?? '')) parts.pop();
  return parts
    .join('::')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$RF\$/g, '&')
    .replace(/\$BP\$/g, '*')
    .replace(/\$C\$/g, ',')
    .replace(/\$u20\$/g, ' ')
    .replace(/\$u27\$/g, "'")
    .replace(/\$u5b\$/g, '[')
    .replace(/\$u5d\$/g, ']')
    .replace(/\$u7b\$/g, '{')
    .replace(/\$u7d\$/g, '}')
    .replace(/\$u7e\$/g, '~')
    .replace(/\.\./g, '::');
}

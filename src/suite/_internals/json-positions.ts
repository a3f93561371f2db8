/**
 * Line:column (1-based) of every member key and array item in a JSON text,
 * keyed by JSON pointer, so problems inside a schema file can point at the
 * line. The text must already be valid JSON (JSON.parse it first).
 */
export function jsonPositions(text: string): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const position = (offset: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
  let i = 0;
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string): void => {
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      skip();
      while (text[i] !== '}' && i < text.length) {
        skip();
        const at = i;
        const key = string();
        const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        out.set(child, position(at));
        skip();
        i++; // ':'
        value(child);
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      i++;
    } else if (c === '[') {
      i++;
      skip();
      for (let n = 0; text[i] !== ']' && i < text.length; n++) {
        skip();
        out.set(`${pointer}/${n}`, position(i));
        value(`${pointer}/${n}`);
        skip();
        if (text[i] === ',') i++;
        skip();
      }
      i++;
    } else if (c === '"') string();
    else while (i < text.length && !/[\s,\]}]/.test(text[i] ?? '')) i++;
  };
  skip();
  out.set('', position(i));
  value('');
  return out;
}

/** The position of `pointer`, else of its nearest ancestor that has one. */
export function locateInJson(positions: Map<string, { line: number; column: number }>, pointer: string): { line: number; column: number } | undefined {
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const found = positions.get(p);
    if (found !== undefined || p === '') return found;
  }
}

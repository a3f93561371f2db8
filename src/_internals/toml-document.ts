import { parse, TomlError } from 'smol-toml';
import { parseTOML, type AST } from 'toml-eslint-parser';
import { KegcheckError } from '../kegcheck-error.js';

export interface TomlDocument {
  readonly file: string;
  readonly text: string;
  readonly value: Record<string, unknown>;
  /** line/column (1-based) of the key (or value) at a JSON pointer such as /plugins/1/name; nearest existing ancestor when the exact node is absent. */
  locate(pointer: string): { line: number; column: number } | undefined;
}

interface Position {
  line: number;
  column: number;
}

/**
 * Parses TOML text: values come from smol-toml (strict TOML 1.0), positions
 * from toml-eslint-parser's AST. Throws KegcheckError code 'toml-syntax' with
 * location { file, line, column } when the text is not valid TOML.
 */
export function parseTomlDocument(text: string, file: string): TomlDocument {
  let value: Record<string, unknown>;
  try {
    value = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      // smol-toml appends a code excerpt after a blank line; the first line is the message.
      const reason = error.message.split('\n')[0] ?? error.message;
      throw new KegcheckError('toml-syntax', `invalid TOML: ${reason}`, {
        location: { file, line: error.line, column: error.column },
        cause: error,
      });
    }
    throw error;
  }
  // Positions are indexed on the first locate(): a manifest that holds no mistake is never located.
  let positions: Map<string, Position> | undefined;
  return {
    file,
    text,
    value,
    locate(pointer: string): Position | undefined {
      positions ??= indexPositions(text);
      let segments = pointerSegments(pointer);
      for (;;) {
        const found = positions.get(segments.join('/'));
        if (found !== undefined) return { ...found };
        if (segments.length === 0) return undefined;
        segments = segments.slice(0, -1);
      }
    },
  };
}

/** '/plugins/1/name' -> 'plugins[1].name'; keys that are not bare TOML keys are quoted. */
export function pointerToKeyPath(pointer: string): string {
  let out = '';
  for (const segment of pointerSegments(pointer)) {
    if (/^(0|[1-9]\d*)$/.test(segment)) out += `[${segment}]`;
    else {
      const key = /^[A-Za-z0-9_-]+$/.test(segment) ? segment : JSON.stringify(segment);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  const body = pointer.startsWith('/') ? pointer.slice(1) : pointer;
  return body.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

// Keys are joined raw with '/' so lookups need no escaping: a key containing
// '/' is rare enough in manifests that a collision only costs precision.
function indexPositions(text: string): Map<string, Position> {
  const positions = new Map<string, Position>();
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text, { tomlVersion: '1.0' });
  } catch {
    // smol-toml accepted the text but the AST parser did not: values stay
    // usable, only positions are lost.
    return positions;
  }
  const at = (node: AST.HasLocs): Position => ({ line: node.loc.start.line, column: node.loc.start.column + 1 });
  const remember = (path: readonly (string | number)[], node: AST.HasLocs): void => {
    const key = path.join('/');
    if (!positions.has(key)) positions.set(key, at(node));
  };
  positions.set('', { line: 1, column: 1 });

  const visitKeyValues = (base: readonly (string | number)[], body: readonly AST.TOMLKeyValue[]): void => {
    for (const kv of body) {
      let path = [...base];
      for (const part of kv.key.keys) {
        path = [...path, part.type === 'TOMLBare' ? part.name : part.value];
        remember(path, part);
      }
      visitValue(path, kv.value);
    }
  };
  const visitValue = (path: readonly (string | number)[], node: AST.TOMLContentNode): void => {
    if (node.type === 'TOMLArray') {
      node.elements.forEach((element, index) => {
        remember([...path, index], element);
        visitValue([...path, index], element);
      });
    } else if (node.type === 'TOMLInlineTable') {
      visitKeyValues(path, node.body);
    }
  };

  const top = program.body[0];
  for (const node of top.body) {
    if (node.type === 'TOMLKeyValue') {
      visitKeyValues([], [node]);
      continue;
    }
    // A table header stands for the table and for implicit parents it creates.
    for (let i = 1; i <= node.resolvedKey.length; i++) remember(node.resolvedKey.slice(0, i), node);
    visitKeyValues(node.resolvedKey, node.body);
  }
  return positions;
}

// Walking and addressing JSON Schemas without generating anything: used at
// suite load (static checks) and for contract coverage, so neither loads fast-check.

type Schema = Record<string, unknown> | boolean;
type Node = Record<string, unknown>;

/** A key as one JSON pointer segment (RFC 6901: ~ and / escaped). */
export const escapeSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every subschema position with its pointer (for static checks and coverage). */
export function forEachSubschema(root: Schema, visit: (node: Schema, pointer: string) => void): void {
  const walk = (node: unknown, pointer: string): void => {
    if (typeof node === 'boolean') return visit(node, pointer);
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    const n = node as Node;
    visit(n, pointer);
    for (const key of ['properties', '$defs', 'definitions'] as const) {
      const map = n[key];
      if (isNode(map)) for (const [k, sub] of Object.entries(map)) walk(sub, `${pointer}/${key}/${escapeSegment(k)}`);
    }
    for (const key of ['prefixItems', 'oneOf', 'anyOf', 'allOf'] as const) {
      const list = n[key];
      if (Array.isArray(list)) list.forEach((sub, i) => walk(sub, `${pointer}/${key}/${i}`));
    }
    for (const key of ['items', 'additionalProperties'] as const) if (n[key] !== undefined) walk(n[key], `${pointer}/${key}`);
  };
  walk(root, '');
}

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a JSON pointer ('' is the root), or undefined. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Key-order-free JSON text, for uniqueItems and enum comparisons. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    isNode(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

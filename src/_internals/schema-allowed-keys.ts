type SchemaNode = Record<string, unknown>;

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The subschema a same-document reference (`#/$defs/case`) names, or undefined. */
function resolveLocal(root: SchemaNode, ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const segment of ref.slice(1).split('/').filter((s) => s !== '')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[decodeURIComponent(decodeSegment(segment))];
  }
  return isNode(node) ? node : undefined;
}

/** A schema with every subschema that applies to the same value ($ref, allOf, anyOf, oneOf, if/then/else). */
function inPlace(root: SchemaNode, nodes: Iterable<SchemaNode>): SchemaNode[] {
  const out: SchemaNode[] = [];
  const seen = new Set<SchemaNode>();
  const visit = (node: SchemaNode): void => {
    if (seen.has(node)) return;
    seen.add(node);
    out.push(node);
    if (typeof node['$ref'] === 'string') {
      const target = resolveLocal(root, node['$ref']);
      if (target !== undefined) visit(target);
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      const list = node[keyword];
      if (Array.isArray(list)) for (const sub of list) if (isNode(sub)) visit(sub);
    }
    for (const keyword of ['if', 'then', 'else']) {
      const sub = node[keyword];
      if (isNode(sub)) visit(sub);
    }
  };
  for (const node of nodes) visit(node);
  return out;
}

/** The subschemas that may apply to the child `segment` of a value the `nodes` describe. */
function childSchemas(nodes: readonly SchemaNode[], segment: string): SchemaNode[] {
  const out: SchemaNode[] = [];
  for (const node of nodes) {
    const properties = node['properties'];
    if (isNode(properties) && isNode(properties[segment])) {
      out.push(properties[segment]);
      continue;
    }
    const patterns = node['patternProperties'];
    let matched = false;
    if (isNode(patterns)) {
      for (const [pattern, sub] of Object.entries(patterns)) {
        if (isNode(sub) && new RegExp(pattern, 'u').test(segment)) {
          out.push(sub);
          matched = true;
        }
      }
    }
    if (matched) continue;
    if (/^\d+$/.test(segment)) {
      const prefix = node['prefixItems'];
      const item = Array.isArray(prefix) ? prefix[Number(segment)] : undefined;
      if (isNode(item)) out.push(item);
      else if (isNode(node['items'])) out.push(node['items']);
    }
    if (isNode(node['additionalProperties'])) out.push(node['additionalProperties']);
  }
  return out;
}

/**
 * The keys `root` allows in the object at `pointer` (a JSON pointer into the document, as ajv's
 * `instancePath`): the `properties` of every subschema that applies there, found by walking the
 * schema along the pointer through properties, items, additionalProperties and same-document
 * `$ref`s. Empty when the place cannot be found.
 */
export function allowedKeysAt(root: object, pointer: string): string[] {
  let nodes = inPlace(root as SchemaNode, [root as SchemaNode]);
  for (const segment of pointer.split('/').slice(1).map(decodeSegment)) {
    nodes = inPlace(root as SchemaNode, childSchemas(nodes, segment));
    if (nodes.length === 0) return [];
  }
  const keys = new Set<string>();
  for (const node of nodes) if (isNode(node['properties'])) for (const key of Object.keys(node['properties'])) keys.add(key);
  return [...keys];
}

import { canonical, forEachSubschema, resolvePointer } from '../../codec/json-schema-walk.js';
import type { CompiledSchema } from '../../codec/json-schema-validator.js';
import type { ContractBranch } from '../../model/result.js';

type Node = Record<string, unknown>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const escapeSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
// Deeper than this, a recursive schema's branches are not followed further.
const MAX_DEPTH = 32;

/**
 * Which branches of one function's input_schema the golden cases and the
 * property runs exercised: each oneOf/anyOf alternative a value matched, each
 * enum value, each optional property present and absent. Branches are listed
 * from the schema itself, so those never exercised show with zero counts.
 */
export class ContractCoverage {
  readonly #branches = new Map<string, Mutable<ContractBranch>>();

  constructor(
    private readonly schema: Record<string, unknown>,
    private readonly compiled: CompiledSchema,
  ) {
    forEachSubschema(schema, (node, pointer) => {
      if (typeof node === 'boolean') return;
      for (const key of ['oneOf', 'anyOf'] as const) {
        const alternatives = node[key];
        if (!Array.isArray(alternatives)) continue;
        alternatives.forEach((alt, i) => {
          const title = typeof alt === 'object' && alt !== null && typeof (alt as Node)['title'] === 'string' ? ` "${String((alt as Node)['title'])}"` : '';
          this.add(`${pointer}/${key}/${i}`, key, `${key}[${i}]${title}${describeAlternative(alt)}`);
        });
      }
      if (Array.isArray(node['enum'])) node['enum'].forEach((value, i) => this.add(`${pointer}/enum/${i}`, 'enum', `enum ${JSON.stringify(value)}`));
      const properties = node['properties'];
      if (typeof properties === 'object' && properties !== null) {
        const required = Array.isArray(node['required']) ? (node['required'] as string[]) : [];
        for (const key of Object.keys(properties)) {
          if (required.includes(key)) continue;
          const at = `${pointer}/properties/${escapeSegment(key)}`;
          this.add(`${at}#present`, 'optional-present', `${JSON.stringify(key)} present`, at);
          this.add(`${at}#absent`, 'optional-absent', `${JSON.stringify(key)} absent`, at);
        }
      }
    });
  }

  private add(id: string, kind: ContractBranch['kind'], label: string, pointer = id): void {
    this.#branches.set(id, { pointer, kind, label, cases: 0, propertyRuns: 0 });
  }

  /** Counts the branches `value` (a valid input) goes through. */
  record(value: unknown, source: 'case' | 'property'): void {
    if (this.#branches.size === 0) return;
    const hit = new Set<string>();
    this.walk(value, this.schema, '', hit, 0);
    for (const id of hit) {
      const branch = this.#branches.get(id);
      if (branch === undefined) continue;
      if (source === 'case') branch.cases += 1;
      else branch.propertyRuns += 1;
    }
  }

  snapshot(): ContractBranch[] {
    return [...this.#branches.values()].map((b) => ({ ...b }));
  }

  private walk(value: unknown, schema: unknown, pointer: string, hit: Set<string>, depth: number): void {
    if (depth > MAX_DEPTH || typeof schema !== 'object' || schema === null) return;
    const node = schema as Node;
    if (typeof node['$ref'] === 'string' && node['$ref'].startsWith('#')) {
      const target = node['$ref'].slice(1);
      this.walk(value, resolvePointer(this.schema, target), target, hit, depth + 1);
    }
    if (Array.isArray(node['allOf'])) node['allOf'].forEach((sub, i) => this.walk(value, sub, `${pointer}/allOf/${i}`, hit, depth + 1));
    for (const key of ['oneOf', 'anyOf'] as const) {
      const alternatives = node[key];
      if (!Array.isArray(alternatives)) continue;
      alternatives.forEach((alt, i) => {
        const at = `${pointer}/${key}/${i}`;
        if (!this.compiled.validateAt(at, value)) return;
        hit.add(at);
        this.walk(value, alt, at, hit, depth + 1);
      });
    }
    if (Array.isArray(node['enum'])) {
      const text = canonical(value);
      const index = node['enum'].findIndex((e) => canonical(e) === text);
      if (index >= 0) hit.add(`${pointer}/enum/${index}`);
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const object = value as Node;
      const properties = (node['properties'] ?? {}) as Node;
      for (const [key, sub] of Object.entries(properties)) {
        const at = `${pointer}/properties/${escapeSegment(key)}`;
        if (key in object) {
          hit.add(`${at}#present`);
          this.walk(object[key], sub, at, hit, depth + 1);
        } else hit.add(`${at}#absent`);
      }
    }
    if (Array.isArray(value)) {
      const prefix = Array.isArray(node['prefixItems']) ? (node['prefixItems'] as unknown[]) : [];
      value.forEach((item, i) => {
        if (i < prefix.length) this.walk(item, prefix[i], `${pointer}/prefixItems/${i}`, hit, depth + 1);
        else if (node['items'] !== undefined) this.walk(item, node['items'], `${pointer}/items`, hit, depth + 1);
      });
    }
  }
}

// A hint of what an alternative is, for labels: its $ref target or const/enum.
function describeAlternative(alt: unknown): string {
  if (typeof alt !== 'object' || alt === null) return '';
  const node = alt as Node;
  if (typeof node['$ref'] === 'string') return ` (${node['$ref']})`;
  const properties = node['properties'] as Node | undefined;
  for (const [key, sub] of Object.entries(properties ?? {})) {
    const s = sub as Node;
    if (s !== null && typeof s === 'object' && 'const' in s) return ` (${key} = ${JSON.stringify(s['const'])})`;
  }
  return '';
}

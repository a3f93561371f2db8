import type { Finding } from '../../finding.js';
import KEG_SCHEMA from '../../schemas/keg.schema.json' with { type: 'json' };
import { validateAgainstSchema } from '../../_internals/schema-validate.js';
import { pointerToKeyPath, type TomlDocument } from '../../_internals/toml-document.js';
import type { KegFindingCode } from '../../finding-code.js';

/** The semver.org grammar (no leading 'v', no leading zeros). */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
/** Plugin names: no ':' (it splits package from plugin) and no path separators. */
export const PLUGIN_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Plugin types: dotted identifiers with at least two parts, e.g. kegs.testing.vowelcounter. */
export const PLUGIN_TYPE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/;

export interface ManifestPluginEntry {
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly path: string | undefined;
}

export interface CheckedManifest {
  readonly findings: Finding[];
  readonly name: string | undefined;
  readonly version: string | undefined;
  readonly description: string | undefined;
  /** Entries with a string name and type, in manifest order, duplicates excluded. */
  readonly plugins: ManifestPluginEntry[];
}

/** Schema validation plus the checks a schema cannot express well. */
export function checkManifest(doc: TomlDocument): CheckedManifest {
  const own: Finding[] = [];
  const finding = (code: KegFindingCode, pointer: string, message: string, expected?: string, severity: Finding['severity'] = 'error'): void => {
    const position = doc.locate(pointer);
    own.push({
      code,
      severity,
      message,
      ...(expected === undefined ? {} : { expected }),
      location: { file: doc.file, pointer, keyPath: pointerToKeyPath(pointer), ...position },
    });
  };

  const value = doc.value;
  const hasPackage = isTable(value['package']);
  const hasKeg = isTable(value['keg']);
  if (hasPackage && hasKeg) {
    finding('package-table', '/keg', 'keg.toml has both a [package] and a [keg] table; keep one', 'exactly one of [package] or [keg]');
  } else if (!hasPackage && !hasKeg && value['package'] === undefined && value['keg'] === undefined) {
    finding('package-table', '', 'keg.toml has no [package] table (or [keg], as the reference host reads it)', 'a [package] table with name and version');
  }
  const tableKey = hasPackage ? 'package' : 'keg';
  const table = (isTable(value[tableKey]) ? value[tableKey] : {}) as Record<string, unknown>;
  const version = typeof table['version'] === 'string' ? table['version'] : undefined;
  if (version !== undefined && !SEMVER.test(version)) {
    finding('version-semver', `/${tableKey}/version`, `version "${version}" is not a semantic version`, 'MAJOR.MINOR.PATCH, e.g. 1.0.0 (semver.org)');
  }

  const plugins: ManifestPluginEntry[] = [];
  const seen = new Map<string, number>();
  const entries = Array.isArray(value['plugins']) ? (value['plugins'] as unknown[]) : [];
  entries.forEach((entry, index) => {
    if (!isTable(entry)) return;
    const name = entry['name'];
    const type = entry['type'];
    const path = entry['path'];
    let usable = typeof name === 'string' && typeof type === 'string';
    if (typeof name === 'string') {
      if (!PLUGIN_NAME.test(name)) {
        finding('plugin-name', `/plugins/${index}/name`, `plugin name "${name}" has characters that are not allowed`, "letters, digits, '.', '_' and '-', not starting with '.' or '-'");
        usable = false;
      }
      const first = seen.get(name);
      if (first !== undefined) {
        const line = doc.locate(`/plugins/${first}/name`)?.line;
        finding('duplicate-plugin', `/plugins/${index}/name`, `plugin "${name}" is declared twice (first as plugins[${first}]${line === undefined ? '' : ` on line ${line}`})`, 'unique plugin names');
        usable = false;
      } else {
        seen.set(name, index);
      }
    }
    if (typeof type === 'string' && !PLUGIN_TYPE.test(type)) {
      finding('plugin-type', `/plugins/${index}/type`, `plugin type "${type}" is not a dotted identifier`, 'a dotted identifier such as kegs.testing.vowelcounter');
    }
    if (usable) plugins.push({ index, name: name as string, type: type as string, path: typeof path === 'string' ? path : undefined });
  });

  // A dedicated check says more than the schema's pattern message at the same key.
  const covered = new Set(own.map((f) => f.location.pointer));
  const fromSchema = validateAgainstSchema(KEG_SCHEMA, doc).filter((f) => !covered.has(f.location.pointer));
  const findings = [...fromSchema, ...own].sort(byPosition);
  return {
    findings,
    name: typeof table['name'] === 'string' ? table['name'] : undefined,
    version,
    description: typeof table['description'] === 'string' ? table['description'] : undefined,
    plugins,
  };
}

export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function byPosition(a: Finding, b: Finding): number {
  return (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0);
}

import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { KegcheckError } from '../../kegcheck-error.js';

/** The parts of keg.toml that building and packing need. */
export interface KegTomlInfo {
  readonly file: string;
  readonly name: string;
  readonly version: string;
  /** `[package] include_sources = true` (or under `[keg]`). */
  readonly includeSources: boolean;
  readonly plugins: readonly { readonly name: string; readonly dir: string; readonly relDir: string }[];
}

// Names end up in a file name (`<name>-<version>.keg`), so nothing that could leave the folder.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

function invalid(file: string, keyPath: string, message: string): KegcheckError {
  return new KegcheckError('keg-manifest-invalid', message, { location: { file, keyPath } });
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Reads keg.toml without requiring plugin.wasm (it may not be built yet).
 * Accepts the seed's `[package]` table and the reference host's `[keg]` table.
 */
export async function readKegToml(kegDir: string): Promise<KegTomlInfo> {
  const file = join(kegDir, 'keg.toml');
  if (!existsSync(kegDir) || !statSync(kegDir).isDirectory()) {
    throw new KegcheckError('keg-not-found', `not a keg folder: ${kegDir}`, { location: { file: kegDir } });
  }
  if (!existsSync(file)) throw new KegcheckError('keg-manifest-missing', 'keg.toml not found in the keg folder', { location: { file } });
  let doc: Record<string, unknown>;
  try {
    doc = parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (error instanceof TomlError) {
      throw new KegcheckError('keg-manifest-syntax', error.message.split('\n')[0] ?? 'invalid TOML', {
        location: { file, line: error.line, column: error.column },
        cause: error,
      });
    }
    throw error;
  }
  const tableKey = isTable(doc['package']) ? 'package' : isTable(doc['keg']) ? 'keg' : undefined;
  if (tableKey === undefined) throw invalid(file, 'package', 'expected a [package] (or [keg]) table with name and version');
  const table = doc[tableKey] as Record<string, unknown>;
  const name = table['name'];
  const version = table['version'];
  if (typeof name !== 'string' || !SAFE_NAME.test(name)) {
    throw invalid(file, `${tableKey}.name`, 'expected a name of letters, digits, ".", "_", "+" or "-"');
  }
  if (typeof version !== 'string' || !SAFE_NAME.test(version)) {
    throw invalid(file, `${tableKey}.version`, 'expected a version string such as "1.0.0"');
  }
  const includeSources = table['include_sources'] ?? false;
  if (typeof includeSources !== 'boolean') throw invalid(file, `${tableKey}.include_sources`, 'expected true or false');

  const rawPlugins = doc['plugins'] ?? [];
  if (!Array.isArray(rawPlugins)) throw invalid(file, 'plugins', 'expected [[plugins]] entries');
  const plugins = rawPlugins.map((entry: unknown, i) => {
    if (!isTable(entry) || typeof entry['name'] !== 'string' || entry['name'] === '') {
      throw invalid(file, `plugins[${i}].name`, 'expected a plugin name');
    }
    const relDir = entry['path'] ?? `plugins/${entry['name']}`;
    if (typeof relDir !== 'string' || isAbsolute(relDir) || normalize(relDir).split(sep).includes('..')) {
      throw invalid(file, `plugins[${i}].path`, 'expected a relative path inside the keg');
    }
    return { name: entry['name'], relDir: normalize(relDir), dir: join(kegDir, relDir) };
  });
  return { file, name, version, includeSources, plugins };
}

import { createHash } from 'node:crypto';
import { readdir, realpath } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import type { Finding } from '../../finding.js';
import { isKegcheckError } from '../../kegcheck-error.js';
import { checkConformanceClaims } from '../conformance-claims.js';
import METADATA_SCHEMA from '../../schemas/metadata.schema.json' with { type: 'json' };
import { validateAgainstSchema } from '../../_internals/schema-validate.js';
import { parseTomlDocument, pointerToKeyPath, type TomlDocument } from '../../_internals/toml-document.js';
import type { KegPlugin } from '../keg.js';
import type { ManifestPluginEntry } from './check-manifest.js';
import { describeUnreadable, MAX_TEXT_FILE_BYTES, MAX_WASM_BYTES, readKegFile } from './read-keg-file.js';
import { statOrUndefined } from './stat-or-undefined.js';
import type { KegFindingCode } from '../../finding-code.js';

export interface PluginContext {
  /** Absolute keg root. */
  readonly root: string;
  readonly manifest: TomlDocument;
  /** Turns a path relative to the keg root into what findings show. */
  readonly display: (relativePath: string) => string;
}

/** Looks at one declared plugin on disk; undefined when its folder is unusable. */
export async function inspectPlugin(entry: ManifestPluginEntry, ctx: PluginContext, findings: Finding[]): Promise<KegPlugin | undefined> {
  const manifestFinding = (code: KegFindingCode, pointer: string, message: string, expected?: string): void => {
    findings.push({
      code,
      severity: 'error',
      message,
      ...(expected === undefined ? {} : { expected }),
      location: { file: ctx.manifest.file, pointer, keyPath: pointerToKeyPath(pointer), ...ctx.manifest.locate(pointer) },
    });
  };
  const base = `/plugins/${entry.index}`;
  const relDir = entry.path ?? `plugins/${entry.name}`;
  const normal = normalize(relDir);
  if (entry.path !== undefined && (isAbsolute(relDir) || normal === '..' || normal.startsWith(`..${sep}`) || relDir.includes('\\'))) {
    manifestFinding('plugin-path', `${base}/path`, `plugin path "${relDir}" leaves the keg`, 'a folder inside the keg, relative to keg.toml');
    return undefined;
  }
  const dir = join(ctx.root, normal);
  const dirStat = await statOrUndefined(dir);
  if (dirStat === undefined || !dirStat.isDirectory()) {
    manifestFinding(
      'plugin-folder-missing',
      entry.path === undefined ? `${base}/name` : `${base}/path`,
      `plugin "${entry.name}" has no folder ${relDir}/`,
      `a folder ${relDir}/ holding plugin.wasm and metadata.toml`,
    );
    return undefined;
  }
  // A symlinked plugin folder could point anywhere on the machine.
  const [realRoot, realDir] = await Promise.all([realpath(ctx.root), realpath(dir)]);
  if (realDir !== realRoot && !realDir.startsWith(realRoot + sep)) {
    manifestFinding('plugin-path', entry.path === undefined ? `${base}/name` : `${base}/path`, `plugin folder ${relDir}/ is a link to outside the keg`, 'a folder inside the keg');
    return undefined;
  }
  const rel = (name: string): string => ctx.display(`${relDir.replace(/\/+$/, '')}/${name}`);
  const fileFinding = (code: KegFindingCode, name: string, message: string, expected?: string): void => {
    findings.push({ code, severity: 'error', message, ...(expected === undefined ? {} : { expected }), location: { file: rel(name) } });
  };

  const plugin: KegPlugin = {
    name: entry.name,
    type: entry.type,
    dir,
    wasmPath: undefined,
    metadata: {},
    hasSources: (await statOrUndefined(join(dir, 'src')))?.isDirectory() === true,
    imports: [],
    exports: [],
  };

  await readMetadata(entry, dir, rel, findings, plugin);

  const wasm = await chooseWasm(dir);
  if (wasm === undefined) {
    fileFinding(
      'wasm-missing',
      'plugin.wasm',
      `plugin "${entry.name}" has no plugin.wasm${plugin.hasSources ? ' (it has sources: build them with `kegcheck build`)' : ''}`,
      'a compiled Extism plugin, plugin.wasm',
    );
  } else {
    plugin.wasmPath = join(dir, wasm);
    const read = await readKegFile(plugin.wasmPath, MAX_WASM_BYTES);
    if (!read.ok) {
      fileFinding('file-too-large', wasm, `${wasm} is not read: ${describeUnreadable(read, MAX_WASM_BYTES)}`, `at most ${MAX_WASM_BYTES} bytes`);
    } else {
      plugin.wasmSha256 = createHash('sha256').update(read.bytes).digest('hex');
      const problem = await wasmProblem(read.bytes);
      if (problem === undefined) {
        const module = await WebAssembly.compile(read.bytes);
        plugin.imports = WebAssembly.Module.imports(module);
        plugin.exports = WebAssembly.Module.exports(module);
      } else {
        fileFinding('wasm-invalid', wasm, `${wasm} is not a valid WebAssembly module: ${problem}`, 'a WebAssembly binary module (magic \\0asm, version 1)');
      }
    }
  }

  const schemaPath = join(dir, 'schema.json');
  const schemaRead = await readKegFile(schemaPath, MAX_TEXT_FILE_BYTES);
  if (!schemaRead.ok && schemaRead.reason !== 'missing') {
    fileFinding('plugin-schema-invalid', 'schema.json', `schema.json is not read: ${describeUnreadable(schemaRead, MAX_TEXT_FILE_BYTES)}`, 'a JSON Schema file');
  } else if (schemaRead.ok) {
    plugin.schemaPath = schemaPath;
    try {
      const parsed: unknown = JSON.parse(schemaRead.bytes.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('a JSON Schema must be an object (or true/false)');
    } catch (error) {
      if (!(typeof error === 'object' && error !== null && 'message' in error)) throw error;
      fileFinding('plugin-schema-invalid', 'schema.json', `schema.json is not a JSON Schema object: ${String(error.message)}`, 'a JSON object (JSON Schema)');
    }
  }
  const staticDir = join(dir, 'static');
  if ((await statOrUndefined(staticDir))?.isDirectory() === true) {
    plugin.staticDir = staticDir;
    for (const link of await linksLeaving(staticDir, realRoot)) {
      fileFinding('symlink-escape', `static/${link}`, `static/${link} is a symbolic link to outside the keg`, 'static resources inside the keg (a host serving them would read any file the link names)');
    }
  }
  return plugin;
}

// Hosts serve static/ to plugins by path; a link out of the keg would hand a
// plugin any file on the machine. Bounded so a huge tree cannot stall loading.
async function linksLeaving(dir: string, realRoot: string, limit = 10_000): Promise<string[]> {
  const entries = (await readdir(dir, { recursive: true, withFileTypes: true })).slice(0, limit);
  const out: string[] = [];
  for (const entry of entries) {
    if (!entry.isSymbolicLink()) continue;
    const path = join(entry.parentPath, entry.name);
    const target = await realpath(path).catch(() => undefined);
    if (target === undefined || (target !== realRoot && !target.startsWith(realRoot + sep))) out.push(relative(dir, path).split(sep).join('/'));
  }
  return out.sort();
}

async function readMetadata(entry: ManifestPluginEntry, dir: string, rel: (name: string) => string, findings: Finding[], plugin: KegPlugin): Promise<void> {
  const file = join(dir, 'metadata.toml');
  const read = await readKegFile(file, MAX_TEXT_FILE_BYTES);
  if (!read.ok) {
    findings.push({
      code: read.reason === 'too-large' ? 'file-too-large' : 'metadata-missing',
      severity: 'error',
      message: read.reason === 'missing' ? `plugin "${entry.name}" has no metadata.toml` : `metadata.toml is not read: ${describeUnreadable(read, MAX_TEXT_FILE_BYTES)}`,
      expected: 'metadata.toml beside plugin.wasm',
      location: { file: rel('metadata.toml') },
    });
    return;
  }
  const text = read.bytes.toString('utf8');
  let doc: TomlDocument;
  try {
    doc = parseTomlDocument(text, rel('metadata.toml'));
  } catch (error) {
    if (!isKegcheckError(error)) throw error;
    findings.push({ code: error.code, severity: 'error', message: error.message, location: error.location ?? { file: rel('metadata.toml') } });
    return;
  }
  plugin.metadata = doc.value;
  findings.push(...validateAgainstSchema(METADATA_SCHEMA, doc));
  findings.push(...checkConformanceClaims(doc.value, entry.type, doc.file, (pointer) => doc.locate(pointer)));
  for (const key of ['name', 'type'] as const) {
    const value = doc.value[key];
    if (typeof value === 'string' && value !== entry[key]) {
      findings.push({
        code: 'metadata-mismatch',
        severity: 'error',
        message: `metadata.toml says ${key} = "${value}" but keg.toml declares "${entry[key]}"`,
        expected: `"${entry[key]}" (as in keg.toml)`,
        location: { file: doc.file, pointer: `/${key}`, keyPath: key, ...doc.locate(`/${key}`) },
      });
    }
  }
}

/** plugin.debug.wasm wins when it is newer or plugin.wasm is missing (as the reference host does). */
async function chooseWasm(dir: string): Promise<string | undefined> {
  const [release, debug] = await Promise.all([statOrUndefined(join(dir, 'plugin.wasm')), statOrUndefined(join(dir, 'plugin.debug.wasm'))]);
  const isFile = (s: Stats | undefined): s is Stats => s?.isFile() === true;
  if (isFile(debug) && (!isFile(release) || debug.mtimeMs > release.mtimeMs)) return 'plugin.debug.wasm';
  return isFile(release) ? 'plugin.wasm' : undefined;
}

async function wasmProblem(bytes: Uint8Array): Promise<string | undefined> {
  if (WebAssembly.validate(bytes)) return undefined;
  try {
    await WebAssembly.compile(bytes);
    return 'WebAssembly.validate rejected it';
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^WebAssembly\.compile\(\): /, '') : String(error);
  }
}

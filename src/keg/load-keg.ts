import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Finding } from '../finding.js';
import { isKegcheckError, KegcheckError } from '../kegcheck-error.js';
import { parseTomlDocument, type TomlDocument } from '../_internals/toml-document.js';
import { byPosition, checkManifest } from './_internals/check-manifest.js';
import { inspectPlugin } from './_internals/inspect-plugin.js';
import { describeUnreadable, MAX_TEXT_FILE_BYTES, readKegFile } from './_internals/read-keg-file.js';
import { removeTempDir } from './_internals/temp-dir-registry.js';
import type { Keg, KegPlugin } from './keg.js';
import { DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip-limits.js';
import { statOrUndefined } from './_internals/stat-or-undefined.js';

export interface LoadKegOptions {
  /** Override the `.keg` limits (10,000 entries, 256 MiB uncompressed by default). */
  readonly zipLimits?: Partial<ZipLimits>;
  /** Where a `.keg` is extracted (a fresh `kegcheck-*` dir inside it); default os.tmpdir(). */
  readonly tempRoot?: string;
  /** Base for a relative source; default process.cwd(). */
  readonly cwd?: string;
}

/**
 * KegcheckError codes meaning "the input is there but is not a usable keg"
 * (as opposed to missing or unreadable input); `kegcheck validate` reports
 * them as findings of that keg.
 */
export const KEG_REFUSAL_CODES: ReadonlySet<string> = new Set([
  'keg-not-zip',
  'keg-nested',
  'manifest-missing',
  'zip-unsafe-entry',
  'zip-too-many-entries',
  'zip-too-large',
  'zip-size-mismatch',
  'zip-corrupt',
  'zip-unsupported',
]);

/**
 * Loads a keg from a folder or a `.keg` zip. Throws KegcheckError when the
 * input cannot be used at all (not found, not a zip, unsafe or oversized zip,
 * keg.toml missing or one folder down); everything wrong inside the manifest
 * and plugins is reported in `keg.findings`. Call `dispose()` when done: it
 * removes the temp dir a `.keg` was extracted into.
 */
export async function loadKeg(source: string, options: LoadKegOptions = {}): Promise<Keg> {
  const path = resolve(options.cwd ?? process.cwd(), source);
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KegcheckError(
      code === 'ENOENT' || code === 'ENOTDIR' ? 'keg-not-found' : 'keg-unreadable',
      code === 'ENOENT' || code === 'ENOTDIR' ? 'no such keg folder or .keg file' : `cannot read: ${(error as Error).message}`,
      { location: { file: source }, cause: error },
    );
  }
  if (info.isDirectory()) {
    await refuseNestedFolder(path, source);
    return loadFromRoot(source, path, 'folder', (rel) => join(source, rel), async () => {});
  }
  if (!info.isFile()) throw new KegcheckError('keg-unreadable', 'neither a folder nor a file', { location: { file: source } });
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.zipLimits };
  // The zip reader (and node:zlib) loads only for a .keg file: a run over keg folders never pays for it.
  const { extractKegZip } = await import('./_internals/extract-keg-zip.js');
  const root = await extractKegZip(path, source, limits, options.tempRoot);
  try {
    return await loadFromRoot(source, root, 'zip', (rel) => `${source}!/${rel}`, () => removeTempDir(root));
  } catch (error) {
    await removeTempDir(root);
    throw error;
  }
}

async function refuseNestedFolder(path: string, source: string): Promise<void> {
  if ((await statOrUndefined(join(path, 'keg.toml')))?.isFile() === true) return;
  const nested: string[] = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.isDirectory() && (await statOrUndefined(join(path, entry.name, 'keg.toml')))?.isFile() === true) nested.push(entry.name);
  }
  if (nested.length === 1) {
    throw new KegcheckError('keg-nested', `no keg.toml here, but ${nested[0]}/keg.toml is one folder down: name that folder instead`, {
      location: { file: source },
    });
  }
  throw new KegcheckError('manifest-missing', 'no keg.toml in this folder (a keg folder holds keg.toml and plugins/)', { location: { file: source } });
}

async function loadFromRoot(
  source: string,
  root: string,
  kind: Keg['kind'],
  display: (rel: string) => string,
  dispose: () => Promise<void>,
): Promise<Keg> {
  const manifestFile = join(root, 'keg.toml');
  const manifestName = display('keg.toml');
  const findings: Finding[] = [];
  const fallbackName = kind === 'zip' ? basename(source, extname(source)) : basename(resolve(source));
  let disposed = false;
  const keg: Keg = {
    source,
    root,
    kind,
    name: fallbackName,
    version: '',
    manifestFile,
    plugins: [],
    findings,
    async dispose() {
      if (disposed) return;
      disposed = true;
      await dispose();
    },
  };

  const read = await readKegFile(manifestFile, MAX_TEXT_FILE_BYTES);
  if (!read.ok) {
    if (read.reason !== 'too-large') {
      throw new KegcheckError('keg-unreadable', `cannot read keg.toml: ${describeUnreadable(read, MAX_TEXT_FILE_BYTES)}`, { location: { file: manifestName } });
    }
    findings.push({ code: 'file-too-large', severity: 'error', message: `keg.toml is not read: ${describeUnreadable(read, MAX_TEXT_FILE_BYTES)}`, location: { file: manifestName } });
    return keg;
  }
  let doc: TomlDocument;
  try {
    doc = parseTomlDocument(read.bytes.toString('utf8'), manifestName);
  } catch (error) {
    if (!isKegcheckError(error)) throw error;
    findings.push({ code: error.code, severity: 'error', message: error.message, location: error.location ?? { file: manifestName } });
    return keg;
  }

  const manifest = checkManifest(doc);
  findings.push(...manifest.findings);
  if (manifest.name !== undefined) keg.name = manifest.name;
  keg.version = manifest.version ?? '';
  if (manifest.description !== undefined) keg.description = manifest.description;

  const pluginFindings: Finding[] = [];
  const plugins: KegPlugin[] = [];
  for (const entry of manifest.plugins) {
    const plugin = await inspectPlugin(entry, { root, manifest: doc, display }, pluginFindings);
    if (plugin !== undefined) plugins.push(plugin);
  }
  keg.plugins = plugins;
  findings.push(...pluginFindings.filter((f) => f.location.file === manifestName).sort(byPosition));
  findings.push(...pluginFindings.filter((f) => f.location.file !== manifestName));
  findings.push(...(await undeclaredFolders(root, manifest.plugins, display)));
  return keg;
}

// A folder under plugins/ that keg.toml does not name is usually a typo in
// one of the two places; it is a warning because hosts simply ignore it.
async function undeclaredFolders(root: string, declared: readonly { name: string; path: string | undefined }[], display: (rel: string) => string): Promise<Finding[]> {
  let entries;
  try {
    entries = await readdir(join(root, 'plugins'), { withFileTypes: true });
  } catch {
    return [];
  }
  const used = new Set(declared.map((p) => resolve(root, p.path ?? `plugins/${p.name}`)));
  return entries
    .filter((e) => e.isDirectory() && !used.has(join(root, 'plugins', e.name)))
    .map((e) => ({
      code: 'plugin-undeclared',
      severity: 'warning' as const,
      message: `folder plugins/${e.name}/ is not declared in keg.toml`,
      expected: `a [[plugins]] entry with name = "${e.name}", or no such folder`,
      location: { file: display(`plugins/${e.name}`) },
    }));
}

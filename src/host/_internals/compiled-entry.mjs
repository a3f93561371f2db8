// Loads one of kegcheck's TypeScript entry modules (the CLI, the worker)
// without paying for tsx on every start: registering tsx's loader alone costs
// ~110 ms per process and every worker thread, then each module goes through
// its hooks thread. Instead the entry's whole module graph is bundled once
// with esbuild (the compiler tsx itself depends on) into plain JS in a cache
// folder outside the user's tree, keyed by the content of every source file
// in it. Anything unexpected (no esbuild, a read-only cache, a failed build)
// falls back to tsx, which is how everything ran before.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Bumped when the manifest layout changes; a change to this file's own code changes every key anyway.
const FORMAT = 3;
const TS_SOURCE = /\.[cm]?tsx?$/;
// `import(expr)` with anything but a string literal: user modules (oracles,
// mock scripts) that may be TypeScript and need tsx at that moment.
const DYNAMIC_IMPORT = /(?<![\w$.])import\((?=\s*[^'"`\s)])/g;
const IMPORT_META_URL = /\bimport\.meta\.url\b/g;
const IMPORT_HELPER = '__kegcheckImport';
// A process started before a rebuild may still load chunks from the build it
// began with, so a superseded build is only removed once it is a day old.
const STALE_MS = 24 * 60 * 60 * 1000;
const BUILD_FOLDER = /^.+-[0-9a-f]{16}-[0-9a-f]{16}(?:\.[0-9a-f]{12}\.tmp)?$/;
// Pure-JS packages the CLI loads on every run, copied into the bundle: loaded
// from node_modules they cost ~70 ms of module resolution and reads (ajv alone
// is ~100 CommonJS files); inlined, ~25 ms. Everything else (@extism/extism,
// tsx, compilers, anything reading files beside its own code) stays outside.
const INLINED_PACKAGES = new Set([
  'ajv',
  'ajv-formats',
  'diff',
  'eslint-visitor-keys',
  'fast-check',
  'fast-deep-equal',
  'fast-uri',
  'json-schema-traverse',
  'picocolors',
  'pure-rand',
  'require-from-string',
  'smol-toml',
  'toml-eslint-parser',
]);

const require = createRequire(import.meta.url);

// node:crypto costs ~4 ms to load, so a start whose sources are untouched never loads it.
function sha256(data) {
  return require('node:crypto').createHash('sha256').update(data).digest('hex');
}

// Names cache slots only (the manifest inside says what it is for): FNV-1a, twice, as 16 hex digits.
function slotHash(text) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** [file, sha256, size, mtimeMs]: stat'ed before it is read, so a change while reading shows up as a newer mtime. */
function fingerprint(file) {
  const info = statSync(file);
  const content = readFileSync(file);
  return { content, record: [file, sha256(content), info.size, info.mtimeMs] };
}

/**
 * The cache folder: KEGCHECK_CACHE_DIR, else node_modules/.cache/kegcheck in
 * kegcheck's own package folder (the usual home of tool caches; never the
 * user's tree, and not TMPDIR, where tests count kegcheck-* leftovers).
 */
export function cacheDir(env = process.env) {
  if (env.KEGCHECK_CACHE_DIR) return resolvePath(env.KEGCHECK_CACHE_DIR);
  return fileURLToPath(new URL('../../../node_modules/.cache/kegcheck/', import.meta.url));
}

let ownHash;
// How bundles are built is part of what they are.
function ownSourceHash() {
  ownHash ??= slotHash(readFileSync(fileURLToPath(import.meta.url), 'utf8'));
  return ownHash;
}

function manifestPath(dir, entryPath) {
  const name = entryPath.split(/[/\\]/).pop().replace(TS_SOURCE, '');
  // One slot per entry file per checkout and node version; the manifest says which build fills it.
  return join(dir, `${name}-${slotHash(`${FORMAT}\0${process.version}\0${entryPath}\0${ownSourceHash()}`)}.json`);
}

/** The bundle recorded for entryPath when every source it was built from is unchanged; else undefined. */
export function cachedBundle(entryPath, dir = cacheDir()) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(dir, entryPath), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest?.format !== FORMAT || manifest.entry !== entryPath || !Array.isArray(manifest.inputs) || typeof manifest.bundle !== 'string') return undefined;
  for (const [file, hash, size, mtimeMs] of manifest.inputs) {
    try {
      const info = statSync(file);
      if (info.size !== size) return undefined;
      // Untouched since the build; a touched file (a checkout, an editor's save) is judged by its content.
      if (info.mtimeMs !== mtimeMs && sha256(readFileSync(file)) !== hash) return undefined;
    } catch {
      return undefined;
    }
  }
  return join(dir, manifest.bundle);
}

function packageJsonOf(file, name) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    try {
      if (JSON.parse(readFileSync(candidate, 'utf8')).name === name) return candidate;
    } catch {
      // Not this folder.
    }
  }
  return undefined;
}

function loadEsbuild() {
  // esbuild comes with tsx (a declared dependency): resolve it from there, not from wherever we are.
  const fromHere = createRequire(import.meta.url);
  const fromTsx = createRequire(fromHere.resolve('tsx/package.json'));
  return fromTsx('esbuild');
}

function helperBanner() {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  return [
    `let ${IMPORT_HELPER}Tsx;`,
    `async function ${IMPORT_HELPER}(specifier) {`,
    `  if (${TS_SOURCE}.test(new URL(String(specifier), 'file:///').pathname)) {`,
    `    ${IMPORT_HELPER}Tsx ??= import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.register());`,
    `    await ${IMPORT_HELPER}Tsx;`,
    '  }',
    '  return import(specifier);',
    '}',
  ].join('\n');
}

/**
 * Bundles entryPath's module graph (its own sources, not node_modules) into
 * `dir`, records it in the entry's manifest and returns the bundle's path.
 * Throws when esbuild is missing, the build fails or `dir` cannot be written.
 */
export async function buildBundle(entryPath, dir = cacheDir()) {
  const esbuild = loadEsbuild();
  const inputs = new Map();
  const rewrite = {
    name: 'kegcheck-sources',
    setup(build) {
      // Packages stay outside the bundle, imported from where they are installed
      // (an absolute URL: the bundle itself lives in the cache folder).
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'kegcheck-resolving' || args.path.startsWith('node:') || args.path.startsWith('file:')) return undefined;
        if (!/^(@[^/]+\/)?[^/:]+/.test(args.path)) return undefined;
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'kegcheck-resolving' });
        if (found.errors.length > 0) return { errors: found.errors };
        if (found.external || (!found.path.startsWith('/') && !/^[A-Za-z]:[/\\]/.test(found.path))) return { path: args.path, external: true };
        const name = /^(@[^/]+\/)?[^/]+/.exec(args.path)[0];
        if (INLINED_PACKAGES.has(name)) {
          // Its package.json stands for its files: a reinstalled or updated package rebuilds the bundle.
          const manifest = packageJsonOf(found.path, name);
          if (manifest !== undefined) {
            inputs.set(manifest, fingerprint(manifest).record);
            return { path: found.path };
          }
        }
        return { path: pathToFileURL(found.path).href, external: true };
      });
      build.onLoad({ filter: /\.(?:[cm]?[jt]sx?)$/ }, (args) => {
        // Inlined packages are bundled as they are.
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const { content, record } = fingerprint(args.path);
        inputs.set(args.path, record);
        const url = JSON.stringify(pathToFileURL(args.path).href);
        const contents = content.toString('utf8').replace(IMPORT_META_URL, url).replace(DYNAMIC_IMPORT, `${IMPORT_HELPER}(`);
        const loader = args.path.endsWith('x') ? 'tsx' : /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js';
        return { contents, loader, resolveDir: dirname(args.path) };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: { entry: entryPath },
    bundle: true,
    // Split at dynamic imports, so a command's packages load only when that command runs.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    outdir: '/kegcheck-bundle',
    logLevel: 'silent',
    banner: { js: helperBanner() },
    plugins: [rewrite],
  });
  const files = result.outputFiles.map((f) => ({ name: relative('/kegcheck-bundle', f.path), contents: f.contents }));
  const buildId = sha256(files.map((f) => `${f.name}\0${sha256(f.contents)}`).join('\0')).slice(0, 16);
  const manifest = manifestPath(dir, entryPath);
  const folder = `${manifest.slice(0, -'.json'.length)}-${buildId}`;
  const nonce = require('node:crypto').randomBytes(6).toString('hex');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Written aside then renamed, so a concurrent process sees a whole build or none.
  const staging = `${folder}.${nonce}.tmp`;
  try {
    for (const file of files) {
      mkdirSync(dirname(join(staging, file.name)), { recursive: true });
      writeFileSync(join(staging, file.name), file.contents);
    }
    try {
      renameSync(staging, folder);
    } catch (error) {
      // Another process finished the identical build first.
      if (error?.code !== 'ENOTEMPTY' && error?.code !== 'EEXIST') throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const bundle = join(folder, 'entry.js');
  const record = { format: FORMAT, entry: entryPath, bundle: relative(dir, bundle), inputs: [...inputs.values()] };
  writeFileSync(`${manifest}.${nonce}.tmp`, JSON.stringify(record));
  renameSync(`${manifest}.${nonce}.tmp`, manifest);
  pruneStaleBuilds(dir);
  return bundle;
}

/** Removes build folders (and staging leftovers) no manifest in `dir` points at, once older than a day. */
export function pruneStaleBuilds(dir, now = Date.now()) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const live = new Set();
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    try {
      live.add(dirname(JSON.parse(readFileSync(join(dir, name), 'utf8')).bundle));
    } catch {
      // Unreadable: whatever it pointed at ages out like any other build.
    }
  }
  for (const name of names) {
    if (live.has(name) || !BUILD_FOLDER.test(name)) continue;
    try {
      if (now - statSync(join(dir, name)).mtimeMs > STALE_MS) rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // Another process removed it first, or it is not ours to remove.
    }
  }
}

async function importWithTsx(entryUrl) {
  const { register } = await import('tsx/esm/api');
  register();
  return import(entryUrl);
}

/**
 * Imports a TypeScript entry module: from its cached bundle when the sources
 * are unchanged, else builds the bundle first; falls back to tsx whenever the
 * bundle cannot be used. KEGCHECK_CACHE=off always uses tsx.
 */
export async function importEntry(entryUrl, env = process.env) {
  if (env.KEGCHECK_CACHE === 'off') return importWithTsx(entryUrl);
  const entryPath = fileURLToPath(entryUrl);
  const dir = cacheDir(env);
  let bundle = cachedBundle(entryPath, dir);
  if (bundle === undefined) {
    try {
      bundle = await buildBundle(entryPath, dir);
    } catch {
      return importWithTsx(entryUrl);
    }
  }
  try {
    return await import(pathToFileURL(bundle).href);
  } catch (error) {
    // A package the bundle points at moved (e.g. reinstalled): linking failed before anything ran.
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return importWithTsx(entryUrl);
    throw error;
  }
}

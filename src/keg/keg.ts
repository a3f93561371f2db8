import type { Finding } from '../finding.js';

/** One plugin of a loaded keg, as found on disk. */
export interface KegPlugin {
  /** The name from keg.toml (`[[plugins]] name`). */
  name: string;
  /** The plugin type from keg.toml, e.g. `kegs.testing.vowelcounter`. */
  type: string;
  /** Absolute path of the plugin folder. */
  dir: string;
  /** Absolute path of the wasm to load (plugin.wasm, or plugin.debug.wasm when newer); undefined when neither exists. */
  wasmPath: string | undefined;
  /** Parsed metadata.toml (empty when missing or unparsable; see the keg's findings). */
  metadata: Record<string, unknown>;
  /** Absolute path of the plugin's schema.json, when present. */
  schemaPath?: string;
  /** Absolute path of the plugin's static/ folder, when present. */
  staticDir?: string;
  /** Whether the plugin folder has a src/ folder. */
  hasSources: boolean;
  /** The wasm module's imports (empty when the wasm is missing or invalid). */
  imports: WebAssembly.ModuleImportDescriptor[];
  /** The wasm module's exports (empty when the wasm is missing or invalid). */
  exports: WebAssembly.ModuleExportDescriptor[];
  /** Hex SHA-256 of the wasm file, when it was read. */
  wasmSha256?: string;
}

/** A loaded keg: manifest, plugins and every finding about them. */
export interface Keg {
  /** What the user named: a folder, a `.keg` file or a `package:plugin` name's package part. */
  source: string;
  /** Folder on disk holding the keg (a private temp dir for a `.keg`). */
  root: string;
  kind: 'folder' | 'zip';
  /** Package name from keg.toml, or the file/folder name when the manifest has none. */
  name: string;
  /** Package version from keg.toml ('' when missing). */
  version: string;
  description?: string;
  /** Absolute path of keg.toml on disk. */
  manifestFile: string;
  /** Plugins declared in keg.toml whose entry has a usable name and type. */
  plugins: KegPlugin[];
  /** Manifest and plugin problems; empty for a clean keg. */
  findings: Finding[];
  /** Removes the temp dir of a `.keg`; a no-op for folders. Safe to call twice. */
  dispose(): Promise<void>;
}

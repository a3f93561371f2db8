// The public API of kegcheck. Named exports only; each stage adds its own lines.
export { KegcheckError, formatLocation, isKegcheckError, type SourceLocation } from './kegcheck-error.js';
export type { Finding } from './finding.js';
export { KEGCHECK_VERSION, EXTISM_VERSION } from './version.js';
export * from './suite/result.js';
export { buildPlugin, type BuildOptions, type BuildOutcome, type Toolchain } from './build/build-plugin.js';
export { buildTree, findPluginSourceDirs } from './build/build-tree.js';
export { buildKeg, type KegBuildResult, type PluginBuildResult } from './build/build-keg.js';
export { packKeg, type PackOptions, type PackResult } from './build/pack-keg.js';

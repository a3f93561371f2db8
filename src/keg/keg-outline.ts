import type { Keg, KegPlugin } from './keg.js';

/**
 * What planning a run needs of a loaded keg (name, source, plugins' names,
 * types and paths, their metadata's `conforms` claims, findings), without the
 * wasm imports and exports the checks read: a run over a large store keeps
 * one outline per keg (about 1 KiB) and loads the keg itself again on its
 * turn (SuiteTarget.open). An outline is never run; its `dispose` does
 * nothing (the keg it was made from is the one to dispose).
 */
export function kegOutline(keg: Keg): Keg {
  return {
    source: detached(keg.source),
    root: detached(keg.root),
    kind: keg.kind,
    name: detached(keg.name),
    version: detached(keg.version),
    manifestFile: detached(keg.manifestFile),
    plugins: keg.plugins.map(pluginOutline),
    findings: keg.findings,
    dispose: disposeNothing,
  };
}

function pluginOutline(p: KegPlugin): KegPlugin {
  return {
    name: detached(p.name),
    type: detached(p.type),
    dir: detached(p.dir),
    wasmPath: p.wasmPath === undefined ? undefined : detached(p.wasmPath),
    metadata: 'conforms' in p.metadata ? { conforms: structuredClone(p.metadata['conforms']) } : {},
    hasSources: p.hasSources,
    imports: [],
    exports: [],
    ...(p.wasmSha256 === undefined ? {} : { wasmSha256: detached(p.wasmSha256) }),
    ...(p.schemaPath === undefined ? {} : { schemaPath: detached(p.schemaPath) }),
    ...(p.staticDir === undefined ? {} : { staticDir: detached(p.staticDir) }),
  };
}

// A string parsed out of keg.toml or metadata.toml can be a slice that keeps the whole file's text alive; a copy does not.
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

async function disposeNothing(): Promise<void> {}

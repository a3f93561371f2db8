import type { Keg } from './keg.js';

/**
 * What planning a run needs of a loaded keg (name, source, plugins' names,
 * types and paths, their metadata's `conforms` claims, findings), without the wasm imports and exports
 * the checks read: a run over a large store keeps one outline per keg and
 * loads the keg itself again on its turn (SuiteTarget.open). An outline is
 * never run; its `dispose` does nothing (the keg it was made from is the one
 * to dispose).
 */
export function kegOutline(keg: Keg): Keg {
  const data: Omit<Keg, 'dispose'> = {
    source: keg.source,
    root: keg.root,
    kind: keg.kind,
    name: keg.name,
    version: keg.version,
    ...(keg.description === undefined ? {} : { description: keg.description }),
    manifestFile: keg.manifestFile,
    plugins: keg.plugins.map((p) => ({ ...p, imports: [], exports: [], metadata: 'conforms' in p.metadata ? { conforms: p.metadata['conforms'] } : {} })),
    findings: keg.findings,
  };
  // A copy: strings parsed out of keg.toml and metadata.toml are slices that keep the whole file's text alive.
  const outline = structuredClone(data);
  return { ...outline, dispose: disposeNothing };
}

async function disposeNothing(): Promise<void> {}

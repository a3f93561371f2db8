import type { jsonSchemaArbitrary } from '../../codec/json-schema-arbitrary.js';

type BuildSchemaArbitrary = typeof jsonSchemaArbitrary;

// The schema-driven generator loads fast-check (tens of milliseconds): a suite
// is parsed without it unless one of its functions has an input_schema.
let build: BuildSchemaArbitrary | undefined;

/** Makes the generator available to synchronous parsing (the public parseSuite does this at import). */
export function provideSchemaArbitrary(fn: BuildSchemaArbitrary): void {
  build = fn;
}

/** Loads the generator (and with it fast-check) once, for suites that declare an input_schema. */
export async function loadSchemaArbitrary(): Promise<void> {
  build ??= (await import('../../codec/json-schema-arbitrary.js')).jsonSchemaArbitrary;
}

/** The generator; loaded before any suite with an input_schema is parsed. */
export function schemaArbitrary(): BuildSchemaArbitrary {
  if (build === undefined) throw new Error('internal: input_schema support was not loaded before parsing a suite that uses it (await loadSchemaArbitrary())');
  return build;
}

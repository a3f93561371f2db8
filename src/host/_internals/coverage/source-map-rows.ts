import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type * as SourceMapJs from 'source-map-js';
import { KegcheckError } from '../../../kegcheck-error.js';

/** Places of a wasm source map: `offset` is the byte offset in the wasm file (a wasm map's column). */
export interface MapPlace {
  readonly offset: number;
  readonly file: string;
  readonly line: number;
}

async function loadSourceMapJs(): Promise<typeof SourceMapJs> {
  try {
    return await import('source-map-js');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new KegcheckError('toolchain-missing', "reading AssemblyScript source maps needs the npm package 'source-map-js'; run `npm install --save-dev source-map-js`", {
        location: { file: 'package.json' },
        cause: error,
      });
    }
    throw error;
  }
}

/** Reads a wasm source map (as `asc --sourceMap` writes) with source-map-js; sources resolve against the map's folder. */
export async function sourceMapRows(mapPath: string): Promise<MapPlace[]> {
  const { SourceMapConsumer } = await loadSourceMapJs();
  const raw = JSON.parse(await readFile(mapPath, 'utf8')) as ConstructorParameters<typeof SourceMapConsumer>[0];
  const consumer = new SourceMapConsumer(raw);
  const places: MapPlace[] = [];
  const base = dirname(mapPath);
  consumer.eachMapping((m) => {
    if (m.source === null || m.originalLine === null || m.originalLine <= 0) return;
    // The standard library of AssemblyScript has no file on disk: keep its virtual name.
    const file = m.source.startsWith('~lib/') || isAbsolute(m.source) ? m.source : resolve(base, m.source);
    places.push({ offset: m.generatedColumn, file, line: m.originalLine });
  });
  return places;
}

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { GuestFunction } from '../../../model/guest-coverage.js';
import { bodyBlocks, type BodyBlocks } from './block-offsets.js';
import { parseDebugLine } from './dwarf-lines.js';
import type { FunctionCounters } from './instrument-wasm.js';
import { sourceMapRows } from './source-map-rows.js';
import { bodyAt, readWasmLayout, type WasmLayout } from './wasm-layout.js';

export interface MappedLines {
  readonly functions: GuestFunction[];
  readonly lineSource: 'dwarf' | 'source-map' | 'none';
  readonly warnings: string[];
}

/** A code place: absolute file offset in the wasm, source file and line. */
interface Place {
  readonly offset: number;
  readonly file: string;
  readonly line: number;
}

/** A custom section payload that is one name (uleb length, UTF-8 bytes), as `sourceMappingURL` is. */
function customName(payload: Uint8Array): string {
  let length = 0;
  let shift = 0;
  let at = 0;
  for (;;) {
    const b = payload[at++] ?? 0;
    length += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0 || at >= payload.length) break;
  }
  return new TextDecoder().decode(payload.subarray(at, at + length));
}

/** The crate folders of a keg plugin's Rust sources (`<plugin>/src/rust/<crate>`). */
async function crateDirs(pluginDir: string): Promise<string[]> {
  const root = join(pluginDir, 'src', 'rust');
  try {
    return (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => join(root, e.name));
  } catch {
    return [];
  }
}

/**
 * DWARF names a crate's files relative to its compilation folder, which only
 * .debug_info records (dropped from debug builds): a relative name is looked
 * up in the plugin's crate folders and kept as is when not found there.
 */
function resolveCrateFile(file: string, crates: readonly string[]): string {
  if (isAbsolute(file)) return file;
  for (const crate of crates) {
    const candidate = resolve(crate, file);
    if (existsSync(candidate)) return candidate;
  }
  return file;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The line in effect at `offset`: that of the last place at or before it, in `file`. */
function lineAt(sorted: readonly Place[], offset: number, file: string): number | undefined {
  let found: Place | undefined;
  for (const place of sorted) {
    if (place.offset > offset) break;
    found = place;
  }
  return found !== undefined && found.file === file ? found.line : undefined;
}

/** Gives each block the line its code starts at, when the original body's blocks line up with the counters (else none). */
function blockLines(bytes: Uint8Array, body: readonly [number, number], fn: GuestFunction, counters: FunctionCounters | undefined, sorted: readonly Place[], file: string): GuestFunction['blocks'] {
  if (counters === undefined || counters.ordinals.length !== fn.blocks.length) return fn.blocks;
  let found: BodyBlocks;
  try {
    found = bodyBlocks(bytes, body[0], body[1]);
  } catch {
    return fn.blocks;
  }
  const { shape } = counters;
  if (found.ifs.length !== shape.ifs || found.loops.length !== shape.loops || found.after.length !== shape.after) return fn.blocks;
  return fn.blocks.map((block, i) => {
    const ordinal = counters.ordinals[i] ?? -1;
    const offset =
      block.kind === 'if-then' ? found.ifs[ordinal]?.then : block.kind === 'if-else' ? found.ifs[ordinal]?.else : block.kind === 'loop' ? found.loops[ordinal] : found.after[ordinal];
    const line = offset === undefined ? undefined : lineAt(sorted, offset, file);
    return line === undefined ? block : { ...block, line };
  });
}

/** Gives each function the file and line of its first mapped instruction, every line of that file its code maps to, and its blocks' lines. */
function applyPlaces(bytes: Uint8Array, layout: WasmLayout, functions: GuestFunction[], places: readonly Place[], counters: ReadonlyMap<number, FunctionCounters>): GuestFunction[] {
  const byBody = new Map<number, Place[]>();
  for (const place of places) {
    const body = bodyAt(layout, place.offset);
    if (body < 0) continue;
    let list = byBody.get(body);
    if (list === undefined) byBody.set(body, (list = []));
    list.push(place);
  }
  return functions.map((fn) => {
    const list = byBody.get(fn.index - layout.importedFunctions);
    if (list === undefined || list.length === 0) return fn;
    const sorted = [...list].sort((a, b) => a.offset - b.offset);
    const first = sorted[0] as Place;
    const lines = [...new Set(list.filter((p) => p.file === first.file).map((p) => p.line))].sort((a, b) => a - b);
    const body = layout.bodies[fn.index - layout.importedFunctions] as readonly [number, number];
    return { ...fn, file: first.file, line: first.line, lines, blocks: blockLines(bytes, body, fn, counters.get(fn.index), sorted, first.file) };
  });
}

/**
 * Adds source files and lines to functions: from DWARF `.debug_line` when the
 * wasm has it, else from the source map its `sourceMappingURL` names (as
 * `asc --sourceMap` writes). Either failing to parse leaves the function
 * records as they are, with a warning.
 */
export async function mapGuestLines(wasmPath: string, functions: GuestFunction[], counters: ReadonlyMap<number, FunctionCounters> = new Map()): Promise<MappedLines> {
  let layout: WasmLayout;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(wasmPath);
    layout = readWasmLayout(bytes);
  } catch (error) {
    return { functions, lineSource: 'none', warnings: [`cannot read ${wasmPath} for line information: ${message(error)}`] };
  }
  const debugLine = layout.custom.get('.debug_line');
  if (debugLine !== undefined) {
    try {
      const debugStr = layout.custom.get('.debug_str');
      const debugLineStr = layout.custom.get('.debug_line_str');
      const rows = parseDebugLine(debugLine, { ...(debugStr === undefined ? {} : { debugStr }), ...(debugLineStr === undefined ? {} : { debugLineStr }) });
      const crates = await crateDirs(dirname(wasmPath));
      const resolved = new Map<string, string>();
      const fileOf = (file: string): string => {
        let found = resolved.get(file);
        if (found === undefined) resolved.set(file, (found = resolveCrateFile(file, crates)));
        return found;
      };
      const places = rows.map((row) => ({ offset: layout.codeStart + row.address, file: fileOf(row.file), line: row.line }));
      return { functions: applyPlaces(bytes, layout, functions, places, counters), lineSource: 'dwarf', warnings: [] };
    } catch (error) {
      return { functions, lineSource: 'none', warnings: [`DWARF line information of ${wasmPath} could not be read (${message(error)}); records are per function and block`] };
    }
  }
  const url = layout.custom.get('sourceMappingURL');
  if (url !== undefined) {
    const name = customName(url);
    try {
      // Only a map beside the wasm (or below it): a module cannot make the host read elsewhere.
      if (isAbsolute(name) || name.split(/[/\\]/).includes('..') || /^[a-z]+:/i.test(name)) throw new Error(`refusing source map URL '${name}'`);
      const mapPath = resolve(dirname(wasmPath), name);
      const places = await sourceMapRows(mapPath);
      return { functions: applyPlaces(bytes, layout, functions, places, counters), lineSource: 'source-map', warnings: [] };
    } catch (error) {
      return { functions, lineSource: 'none', warnings: [`the source map of ${wasmPath} could not be read (${message(error)}); records are per function and block`] };
    }
  }
  return { functions, lineSource: 'none', warnings: [] };
}

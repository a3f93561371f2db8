import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { GuestFunction } from '../../guest-coverage.js';
import { parseDebugLine } from './dwarf-lines.js';
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

/** Gives each function the file and line of its first mapped instruction, and every line of that file its code maps to. */
function applyPlaces(layout: WasmLayout, functions: GuestFunction[], places: readonly Place[]): GuestFunction[] {
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
    const first = list.reduce((a, b) => (b.offset < a.offset ? b : a));
    const lines = [...new Set(list.filter((p) => p.file === first.file).map((p) => p.line))].sort((a, b) => a - b);
    return { ...fn, file: first.file, line: first.line, lines };
  });
}

/**
 * Adds source files and lines to functions: from DWARF `.debug_line` when the
 * wasm has it, else from the source map its `sourceMappingURL` names (as
 * `asc --sourceMap` writes). Either failing to parse leaves the function
 * records as they are, with a warning.
 */
export async function mapGuestLines(wasmPath: string, functions: GuestFunction[]): Promise<MappedLines> {
  let layout: WasmLayout;
  try {
    layout = readWasmLayout(await readFile(wasmPath));
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
      return { functions: applyPlaces(layout, functions, places), lineSource: 'dwarf', warnings: [] };
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
      return { functions: applyPlaces(layout, functions, places), lineSource: 'source-map', warnings: [] };
    } catch (error) {
      return { functions, lineSource: 'none', warnings: [`the source map of ${wasmPath} could not be read (${message(error)}); records are per function and block`] };
    }
  }
  return { functions, lineSource: 'none', warnings: [] };
}

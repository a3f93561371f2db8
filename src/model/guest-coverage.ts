/**
 * Guest code coverage: which functions and blocks of each plugin's wasm the
 * run executed (`kegcheck run --coverage`). Plain JSON data; part of the
 * report as `guestCoverage`.
 */

/** One counted block of a function: an `if` arm, a loop body, the code after a labelled block. */
export interface GuestBlock {
  readonly kind: 'if-then' | 'if-else' | 'loop' | 'after-block';
  readonly hits: number;
  /** Source line, when the wasm maps to source lines (DWARF or a source map). */
  readonly line?: number;
}

export interface GuestFunction {
  /** From the wasm name section, else `$<index>`. */
  readonly name: string;
  /** Index in the wasm function index space. */
  readonly index: number;
  readonly hits: number;
  readonly blocks: readonly GuestBlock[];
  /** Source file and first line, when known. */
  readonly file?: string;
  readonly line?: number;
  /** Lines the function's code maps to, when known. */
  readonly lines?: readonly number[];
}

export interface GuestCoverageTotals {
  readonly functions: number;
  readonly functionsHit: number;
  readonly blocks: number;
  readonly blocksHit: number;
}

export type GuestPluginCoverage = {
  readonly keg: string;
  readonly plugin: string;
  /** The wasm file that ran (relative paths stay as given). */
  readonly wasm: string;
  readonly wasmSha256: string;
} & (
  | {
      readonly status: 'ok';
      readonly functions: readonly GuestFunction[];
      readonly totals: GuestCoverageTotals;
      /** Where lines came from: `dwarf`, `source-map` or `none`. */
      readonly lineSource: 'dwarf' | 'source-map' | 'none';
      readonly warnings?: readonly string[];
    }
  | { readonly status: 'coverage-unavailable'; readonly reason: string }
);

export interface GuestCoverage {
  readonly plugins: readonly GuestPluginCoverage[];
}

/** Totals of one plugin's functions and blocks (each function's entry counts as a block). */
export function guestTotals(functions: readonly GuestFunction[]): GuestCoverageTotals {
  let blocks = 0;
  let blocksHit = 0;
  let functionsHit = 0;
  for (const fn of functions) {
    if (fn.hits > 0) functionsHit += 1;
    blocks += 1 + fn.blocks.length;
    blocksHit += (fn.hits > 0 ? 1 : 0) + fn.blocks.filter((b) => b.hits > 0).length;
  }
  return { functions: functions.length, functionsHit, blocks, blocksHit };
}

/** Percentage of blocks hit over every instrumented plugin (100 when there is none). */
export function guestBlockPercent(coverage: GuestCoverage): number {
  let blocks = 0;
  let hit = 0;
  for (const p of coverage.plugins) {
    if (p.status !== 'ok') continue;
    blocks += p.totals.blocks;
    hit += p.totals.blocksHit;
  }
  return blocks === 0 ? 100 : (100 * hit) / blocks;
}

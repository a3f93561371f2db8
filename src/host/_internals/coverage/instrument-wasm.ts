import { demangle } from './demangle.js';
import type { Binaryen } from './load-binaryen.js';
import { COVERAGE_TAKE_EXPORT } from './take-export.js';

export { COVERAGE_TAKE_EXPORT };

/** Where a counter sits: the function's entry, or the start of one of its blocks. */
export type CounterKind = 'entry' | 'if-then' | 'if-else' | 'loop' | 'after-block';

export interface FunctionCounters {
  /** Index of the function in the wasm function index space (imports first). */
  readonly index: number;
  /** From the name section when there is one, else `$<index>`. */
  readonly name: string;
  /** The function's first counter (its entry); its blocks follow it, up to the next function's first. */
  readonly first: number;
  /** Kinds of the function's blocks, in counter order after the entry. */
  readonly blocks: readonly Exclude<CounterKind, 'entry'>[];
  /**
   * Per block, its place in code order among the function's `if`s (for
   * if-then and if-else), `loop`s, or labelled untyped blocks (after-block),
   * and how many of each the function has: what block-offsets.ts finds in
   * the original binary, so that blocks can be given source lines.
   */
  readonly ordinals: readonly number[];
  readonly shape: { readonly ifs: number; readonly loops: number; readonly after: number };
}

/** What the counters of an instrumented module mean. */
export interface CoverageLayout {
  readonly counters: number;
  readonly functions: readonly FunctionCounters[];
}

export interface InstrumentedWasm {
  readonly wasm: Uint8Array;
  readonly layout: CoverageLayout;
}

/** Raised for a module the instrumenter does not handle; the plugin then runs uninstrumented. */
export class CoverageUnavailable extends Error {
  override readonly name = 'CoverageUnavailable';
}

/** Above this many expressions instrumenting costs more time than a run is worth. */
const MAX_EXPRESSIONS = 2_000_000;

type Ref = number;
type Module = ReturnType<Binaryen['readBinaryWithFeatures']>;

/**
 * `take(i)`: returns counter i and zeroes it. A search tree of `if`s over the
 * index (depth log2 of the counters), since a global cannot be indexed.
 */
function addTakeFunction(module: Module, counters: number, i32: number): void {
  const index = 0;
  const value = 1;
  const leaf = (c: number): Ref =>
    module.block(
      null,
      [module.local.set(value, module.global.get(`kegcheck_cov_${c}`, i32)), module.global.set(`kegcheck_cov_${c}`, module.i32.const(0)), module.local.get(value, i32)],
      i32,
    );
  const tree = (lo: number, hi: number): Ref => {
    if (hi - lo <= 0) return module.i32.const(0);
    if (hi - lo === 1) return leaf(lo);
    const mid = (lo + hi) >>> 1;
    return module.if(module.i32.lt_u(module.local.get(index, i32), module.i32.const(mid)), tree(lo, mid), tree(mid, hi));
  };
  module.addFunction(COVERAGE_TAKE_EXPORT, i32, i32, [i32], tree(0, counters));
  module.addFunctionExport(COVERAGE_TAKE_EXPORT, COVERAGE_TAKE_EXPORT);
}

/**
 * Adds one counter per defined function (its entry) and per block start
 * (each arm of an `if`, a `loop` body, the code after a labelled block that
 * branches can reach), with binaryen: each counter is a mutable i32 global
 * of its own, bumped by one, and one added export (COVERAGE_TAKE_EXPORT)
 * hands counters to the host. The plugin's memory, its own globals and
 * exports are untouched; instantiating costs no more imports.
 */
export function instrumentWasm(binaryen: Binaryen, bytes: Uint8Array): InstrumentedWasm {
  let module;
  try {
    module = binaryen.readBinaryWithFeatures(bytes, binaryen.Features.All);
  } catch (error) {
    throw new CoverageUnavailable(`binaryen cannot read the module${error instanceof Error ? `: ${error.message}` : ''}`);
  }
  try {
    const functions: FunctionCounters[] = [];
    let counters = 0;
    let expressions = 0;
    const i32 = binaryen.i32;
    const none = binaryen.none;
    const ids = binaryen.ExpressionIds;
    const LEAVES = new Set(
      ['LocalGet', 'GlobalGet', 'Const', 'Nop', 'Unreachable', 'MemorySize', 'DataDrop', 'AtomicFence', 'RefNull', 'RefFunc', 'TableSize', 'Pop', 'Rethrow'].map(
        (name) => ids[name],
      ),
    );
    const newCounter = (): Ref => {
      const global = `kegcheck_cov_${counters}`;
      module.addGlobal(global, i32, true, module.i32.const(0));
      counters += 1;
      return module.global.set(global, module.i32.add(module.global.get(global, i32), module.i32.const(1)));
    };
    const count = module.getNumFunctions();
    // Without a name section, an exported function is known by its export name.
    const exported = new Map<string, string>();
    for (let i = 0; i < module.getNumExports(); i += 1) {
      const info = binaryen.getExportInfo(module.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction && !exported.has(info.value)) exported.set(info.value, info.name);
    }
    const defined: Array<{ ref: Ref; index: number; name: string }> = [];
    for (let index = 0; index < count; index += 1) {
      const ref = module.getFunctionByIndex(index);
      const info = binaryen.getFunctionInfo(ref);
      if (info.base !== null && info.base !== '') continue;
      defined.push({ ref, index, name: /^\d+$/.test(info.name) ? (exported.get(info.name) ?? `$${index}`) : demangle(info.name) });
    }
    for (const fn of defined) {
      const blocks: Array<Exclude<CounterKind, 'entry'>> = [];
      const ordinals: number[] = [];
      const shape = { ifs: 0, loops: 0, after: 0 };
      const first = counters;
      const entry = newCounter();
      const block = (kind: Exclude<CounterKind, 'entry'>, ordinal: number): Ref => {
        blocks.push(kind);
        ordinals.push(ordinal);
        return newCounter();
      };
      /** Instruments `expr` in place; for a labelled untyped block, returns the wrapper to put in its place. */
      const visit = (expr: Ref): Ref => {
        if (expr === 0) return expr;
        expressions += 1;
        if (expressions > MAX_EXPRESSIONS) throw new CoverageUnavailable(`the module has more than ${MAX_EXPRESSIONS} expressions`);
        const id = binaryen.getExpressionId(expr);
        if (LEAVES.has(id)) return expr;
        const info = binaryen.getExpressionInfo(expr) as unknown as Record<string, unknown> & { id: number; type: number };
        const child = (key: string): void => {
          const ref = info[key] as Ref;
          if (ref !== 0) visit(ref);
        };
        const list = (key: string): void => {
          for (const ref of info[key] as Ref[]) visit(ref);
        };
        switch (id) {
          case ids['Block']: {
            const children = info['children'] as Ref[];
            const name = info['name'] as string | null;
            const counted = name !== null && name !== '' && info.type === none;
            const ordinal = counted ? shape.after++ : -1;
            children.forEach((c, i) => {
              const replaced = visit(c);
              if (replaced !== c) binaryen.Block.setChildAt(expr, i, replaced);
            });
            if (counted) return module.block(null, [expr, block('after-block', ordinal)], none);
            return expr;
          }
          case ids['If']: {
            child('condition');
            // Numbered after its condition: in the binary, the condition's code comes first.
            const ordinal = shape.ifs++;
            const ifTrue = info['ifTrue'] as Ref;
            const ifFalse = info['ifFalse'] as Ref;
            const thenCounter = block('if-then', ordinal);
            binaryen.If.setIfTrue(expr, module.block(null, [thenCounter, visit(ifTrue)], binaryen.getExpressionType(ifTrue)));
            if (ifFalse !== 0) {
              const elseCounter = block('if-else', ordinal);
              binaryen.If.setIfFalse(expr, module.block(null, [elseCounter, visit(ifFalse)], binaryen.getExpressionType(ifFalse)));
            } else if (info.type === none) {
              binaryen.If.setIfFalse(expr, block('if-else', ordinal));
            }
            return expr;
          }
          case ids['Loop']: {
            const body = info['body'] as Ref;
            const counter = block('loop', shape.loops++);
            binaryen.Loop.setBody(expr, module.block(null, [counter, visit(body)], binaryen.getExpressionType(body)));
            return expr;
          }
          case ids['Break']:
          case ids['Switch']:
            child('condition');
            child('value');
            return expr;
          case ids['Call']:
          case ids['TupleMake']:
          case ids['Throw']:
            list('operands');
            return expr;
          case ids['CallIndirect']:
            list('operands');
            child('target');
            return expr;
          case ids['LocalSet']:
          case ids['GlobalSet']:
          case ids['Unary']:
          case ids['Drop']:
          case ids['Return']:
          case ids['RefIsNull']:
          case ids['RefAs']:
          case ids['RefI31']:
            child('value');
            return expr;
          case ids['Load']:
          case ids['SIMDLoad']:
            child('ptr');
            return expr;
          case ids['Store']:
          case ids['AtomicRMW']:
            child('ptr');
            child('value');
            return expr;
          case ids['AtomicCmpxchg']:
            child('ptr');
            child('expected');
            child('replacement');
            return expr;
          case ids['AtomicWait']:
            child('ptr');
            child('expected');
            child('timeout');
            return expr;
          case ids['AtomicNotify']:
            child('ptr');
            child('notifyCount');
            return expr;
          case ids['Binary']:
          case ids['RefEq']:
          case ids['SIMDShuffle']:
            child('left');
            child('right');
            return expr;
          case ids['Select']:
            child('ifTrue');
            child('ifFalse');
            child('condition');
            return expr;
          case ids['MemoryGrow']:
            child('delta');
            return expr;
          case ids['TableGet']:
            child('index');
            return expr;
          case ids['TableSet']:
            child('index');
            child('value');
            return expr;
          case ids['TableGrow']:
            child('value');
            child('delta');
            return expr;
          case ids['SIMDExtract']:
            child('vec');
            return expr;
          case ids['SIMDReplace']:
            child('vec');
            child('value');
            return expr;
          case ids['SIMDTernary']:
            child('a');
            child('b');
            child('c');
            return expr;
          case ids['SIMDShift']:
            child('vec');
            child('shift');
            return expr;
          case ids['SIMDLoadStoreLane']:
            child('ptr');
            child('vec');
            return expr;
          case ids['MemoryInit']:
            child('dest');
            child('offset');
            child('size');
            return expr;
          case ids['MemoryCopy']:
            child('dest');
            child('source');
            child('size');
            return expr;
          case ids['MemoryFill']:
            child('dest');
            child('value');
            child('size');
            return expr;
          case ids['TupleExtract']:
            child('tuple');
            return expr;
          case ids['I31Get']:
            child('i31');
            return expr;
          default: {
            const kind = Object.entries(ids).find(([, value]) => value === id)?.[0] ?? String(id);
            throw new CoverageUnavailable(`function ${fn.name} uses ${kind.replace(/Id$/, '')}, which the coverage instrumenter does not handle`);
          }
        }
      };
      const body = binaryen.Function.getBody(fn.ref);
      const replaced = visit(body);
      binaryen.Function.setBody(fn.ref, module.block(null, [entry, replaced], binaryen.getExpressionType(replaced)));
      functions.push({ index: fn.index, name: fn.name, first, blocks, ordinals, shape });
    }
    addTakeFunction(module, counters, i32);
    if (module.validate() !== 1) throw new CoverageUnavailable('the instrumented module does not validate');
    const wasm = module.emitBinary();
    return { wasm, layout: { counters, functions } };
  } catch (error) {
    if (error instanceof CoverageUnavailable) throw error;
    throw new CoverageUnavailable(`binaryen failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    module.dispose();
  }
}

import type binaryenModule from 'binaryen';
import { KegcheckError } from '../../../kegcheck-error.js';

type Real = typeof binaryenModule;
type Ref = number;

/** The part of binaryen.js the instrumenter uses (its typings lack the expression helpers). */
export interface Binaryen {
  readBinaryWithFeatures: Real['readBinaryWithFeatures'];
  readonly Features: { readonly All: number };
  readonly i32: number;
  readonly none: number;
  readonly ExpressionIds: Readonly<Record<string, number>>;
  getFunctionInfo: Real['getFunctionInfo'];
  getExportInfo: Real['getExportInfo'];
  readonly ExternalFunction: number;
  getExpressionId(expr: Ref): number;
  getExpressionType(expr: Ref): number;
  getExpressionInfo(expr: Ref): object;
  readonly Block: { setChildAt(expr: Ref, index: number, child: Ref): void };
  readonly If: { setIfTrue(expr: Ref, child: Ref): void; setIfFalse(expr: Ref, child: Ref): void };
  readonly Loop: { setBody(expr: Ref, child: Ref): void };
  readonly Function: { getBody(fn: Ref): Ref; setBody(fn: Ref, body: Ref): void };
}

let loading: Promise<Binaryen> | undefined;

/**
 * binaryen.js, loaded once per process and only for `--coverage` (it is an
 * optional peer dependency of some 13 MB that takes about half a second to load).
 */
export function loadBinaryen(): Promise<Binaryen> {
  loading ??= importBinaryen(() => import('binaryen')).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** The import with its "not installed" error; `load` is replaceable for tests. */
export function importBinaryen(load: () => Promise<{ default: unknown }>): Promise<Binaryen> {
  return load().then(
    (module) => module.default as unknown as Binaryen,
    (error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
        throw new KegcheckError('toolchain-missing', "--coverage needs the npm package 'binaryen' (it instruments the plugins' wasm); run `npm install --save-dev binaryen`", {
          location: { file: 'package.json' },
          cause: error,
        });
      }
      throw error;
    },
  );
}

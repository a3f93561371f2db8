import { EXTISM_EXPORT_SHAPES, exportFunctionTypes, formatFunctionType, isExtismExportType } from '../../wasm-export-types.js';
import { passOrFail, type InterfaceCheck } from './interface-check.js';

/**
 * Every suite function is exported as `() -> i32` or `() -> ()` (Extism hosts
 * call both; the second is success unless it sets an error). Functions that
 * are not become unusable: their cases and properties are skipped.
 */
export const exportsCheck: InterfaceCheck = {
  id: 'exports',
  name: `required exports are ${EXTISM_EXPORT_SHAPES}`,
  run: ({ suite, bytes, unusable }) => {
    let types: Map<string, { params: readonly string[]; results: readonly string[] }>;
    try {
      types = bytes === undefined ? new Map() : exportFunctionTypes(bytes);
    } catch {
      // The module validated; a section this reader cannot follow leaves every export missing.
      types = new Map();
    }
    const problems: string[] = [];
    for (const fn of suite.functions) {
      const type = types.get(fn.name);
      if (type === undefined) {
        problems.push(`missing export '${fn.name}'`);
        unusable.add(fn.name);
      } else if (!isExtismExportType(type)) {
        problems.push(`export '${fn.name}' has type ${formatFunctionType(type)}; Extism exports are ${EXTISM_EXPORT_SHAPES}`);
        unusable.add(fn.name);
      }
    }
    return passOrFail(problems.length === 0, () => problems.join('\n'), { location: suite.functions[0]?.at ?? { file: suite.file } });
  },
};

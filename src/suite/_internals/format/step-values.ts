import type { Field } from '../../../codec/signature.js';
import type { SuiteFunction, SuiteValue } from '../../suite.js';
import { convertField, convertRaw } from '../suite-values.js';
import type { ReportFinding, Table } from './section-context.js';

/**
 * The input of one call (`input = …` or `args = [...]`) converted to the
 * function's declared input; undefined after reporting why it does not fit.
 */
export function convertInput(report: ReportFinding, fn: SuiteFunction, step: Table, pointer: string): SuiteValue[] | undefined {
  if (fn.input.kind === 'raw') {
    if (step['args'] !== undefined) {
      report('suite-value', `${pointer}/args`, `function '${fn.name}' takes raw ${fn.input.framing} input, not packed args`, 'input = …');
      return undefined;
    }
    const converted = convertRaw(fn.input.framing, step['input']);
    if (!converted.ok) {
      report('suite-value', `${pointer}/input`, `input does not fit function '${fn.name}'`, converted.expected);
      return undefined;
    }
    return fn.input.framing === 'none' ? [] : [converted.value];
  }
  if (step['input'] !== undefined) {
    report('suite-value', `${pointer}/input`, `function '${fn.name}' takes packed args, not raw input`, `args = [${fn.input.fields.map((f) => f.name).join(', ')}]`);
    return undefined;
  }
  return convertFields(report, fn.input.fields, (step['args'] ?? []) as unknown[], `${pointer}/args`);
}

/** Values for packed fields, one per field, each checked against its type. */
export function convertFields(report: ReportFinding, fields: readonly Field[], values: unknown[], pointer: string): SuiteValue[] | undefined {
  if (values.length !== fields.length) {
    report('suite-value', pointer, `${values.length} value(s) given for ${fields.length} field(s)`, `[${fields.map((f) => `${f.name}: ${f.type}`).join(', ')}]`);
    return undefined;
  }
  const out: SuiteValue[] = [];
  let ok = true;
  fields.forEach((field, i) => {
    const converted = convertField(field.type, values[i]);
    if (converted.ok) out.push(converted.value);
    else {
      report('suite-value', `${pointer}/${i}`, `value for '${field.name}' does not fit its type ${field.type}`, converted.expected);
      ok = false;
    }
  });
  return ok ? out : undefined;
}

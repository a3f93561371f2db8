import { Buffer } from 'node:buffer';
import { describeBytes } from '../../../codec/describe.js';
import { valuesFromJson } from '../../../codec/values-json.js';
import type { Expectation, SuiteFunction } from '../../suite.js';
import { decodeOutput, equalBytes, equalDecoded, equalJson, lenientNote, outputText, renderValue } from '../compare-output.js';
import { readGolden, restoreGolden, writeGolden } from '../golden-writes.js';
import type { PluginRunContext } from '../plugin-context.js';
import { BYTES, onOutput, previewOutput, type StepVerdict } from './case-check.js';

/**
 * `expect = { file = "golden/…" }`: the output equals a golden file beside
 * the suite; with --update-golden the file is written instead (plugins that
 * disagree on one file are an error, and the file is put back).
 */
export const expectFile = onOutput<'file'>(async ({ ctx, fn, expect, step, notes }, output) => {
  const tolerance = step.tolerance ?? 0;
  const actual = goldenContent(fn, output);
  if (!actual.ok) return { message: actual.message, diff: { expected: `contents of ${expect.relative}`, actual: previewOutput(fn, output) } };
  if (actual.trailing !== undefined && actual.trailing > 0) notes.push(lenientNote(fn, output, actual.trailing));
  if (ctx.updateGolden) return ctx.goldenWrites.serialize(expect.path, () => updateGolden(ctx, fn, expect, actual.content, tolerance, notes));
  const read = await readGolden(expect.path, expect.relative);
  if (!read.ok) return { message: read.message, status: 'error' };
  const { stored } = read;
  if (stored !== undefined && goldenEqual(fn, stored, actual.content, tolerance)) return undefined;
  if (stored === undefined) return { message: `golden file ${expect.relative} does not exist; run with --update-golden to create it`, status: 'error' };
  const storedView = typeof actual.content === 'string' ? stored.toString('utf8') : new Uint8Array(stored);
  return { message: `output differs from golden file ${expect.relative} (--update-golden rewrites it)`, diff: { expected: renderGolden(storedView), actual: renderGolden(actual.content) } };
});

// How a golden file stores an output: pretty JSON for json and packed output, text or raw bytes otherwise.
// `trailing` is what a lenient decode of packed output skipped (the golden file never holds those bytes).
function goldenContent(fn: SuiteFunction, output: Uint8Array): { ok: true; content: string | Uint8Array; trailing?: number } | { ok: false; message: string } {
  if (fn.output.kind === 'raw' && (fn.output.framing === 'bytes' || fn.output.framing === 'none')) return { ok: true, content: output };
  if (fn.output.kind === 'raw' && fn.output.framing === 'string') {
    const text = outputText(output);
    return text.ok ? { ok: true, content: text.text } : text;
  }
  const decoded = decodeOutput(fn.output, output, fn.lenientDecode === true);
  if (!decoded.ok) return { ok: false, message: `output does not decode: ${decoded.message}` };
  return { ok: true, content: `${renderValue(decoded.value)}\n`, trailing: decoded.trailing };
}

const renderGolden = (content: string | Uint8Array): string => (typeof content === 'string' ? content : describeBytes(BYTES, content));

// One writer's turn at a golden file (serialised per file, see golden-writes.ts).
async function updateGolden(ctx: PluginRunContext, fn: SuiteFunction, expect: Extract<Expectation, { kind: 'file' }>, content: string | Uint8Array, tolerance: number, notes: string[]): Promise<StepVerdict> {
  const read = await readGolden(expect.path, expect.relative);
  if (!read.ok) return { message: read.message, status: 'error' };
  const { stored } = read;
  const writer = `${ctx.keg.name}:${ctx.plugin.name}`;
  const same = (a: string | Uint8Array, b: string | Uint8Array): boolean => goldenEqual(fn, Buffer.from(a), b, tolerance);
  const claim = ctx.goldenWrites.claim(expect.path, writer, content, stored, same);
  if (claim.kind === 'disagrees') {
    try {
      if (claim.restored) await restoreGolden(expect.path, claim.original);
    } catch (error) {
      return { message: `cannot restore golden file ${expect.relative}: ${error instanceof Error ? error.message : String(error)}`, status: 'error' };
    }
    return {
      message: `plugins disagree on golden file ${expect.relative}: ${claim.writer} wrote one output, ${writer} returned another; the file is left as it was before this run`,
      diff: { expected: `${renderGolden(claim.content)}\n(from ${claim.writer})`, actual: renderGolden(content) },
      status: 'error',
    };
  }
  if (stored !== undefined && goldenEqual(fn, stored, content, tolerance)) return undefined;
  try {
    await writeGolden(expect.path, content);
  } catch (error) {
    return { message: `cannot write golden file ${expect.relative}: ${error instanceof Error ? error.message : String(error)}`, status: 'error' };
  }
  ctx.onGoldenUpdated(expect.path);
  notes.push(`golden file ${stored === undefined ? 'created' : 'updated'}: ${expect.relative}`);
  return undefined;
}

function goldenEqual(fn: SuiteFunction, stored: Buffer, actual: string | Uint8Array, tolerance: number): boolean {
  if (typeof actual !== 'string') return equalBytes(new Uint8Array(stored), actual);
  const text = stored.toString('utf8');
  if (fn.output.kind === 'raw' && fn.output.framing === 'string') return text === actual;
  try {
    const storedJson: unknown = JSON.parse(text);
    const actualJson: unknown = JSON.parse(actual);
    if (fn.output.kind === 'packed') return equalDecoded(fn.output, valuesFromJson(fn.output, storedJson), valuesFromJson(fn.output, actualJson), tolerance);
    return equalJson(storedJson, actualJson, tolerance);
  } catch {
    return false;
  }
}

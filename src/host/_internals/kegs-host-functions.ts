import type { CallContext } from '@extism/extism';
import { noteHostCall, noteLog, notePrint, noteStaticRead, type CallCapture } from './call-capture.js';
import { HostLimitError } from './host-limit-error.js';
import { exactBytes } from './exact-bytes.js';
import { readStaticResource } from './read-static-resource.js';

const LEVELS: Readonly<Record<number, string>> = { 0: 'trace', 10: 'debug', 20: 'info', 30: 'warn', 40: 'error', 50: 'critical' };

export function levelName(level: bigint): string {
  return LEVELS[Number(level)] ?? `level-${level}`;
}

export interface HostFunctionContext {
  readonly pluginDir: string;
  readonly kegRoot: string;
  readonly maxOutputBytes: number;
  /** The capture of the call in progress (host functions run inside a call). */
  capture(): CallCapture;
}

type HostFn = (ctx: CallContext, ...args: bigint[]) => unknown;

function readBytes(ctx: CallContext, offset: bigint | undefined, fn: string): Uint8Array {
  if (typeof offset !== 'bigint') throw new HostLimitError('trap', `${fn}: expected an i64 memory offset argument`);
  if (offset === 0n) return new Uint8Array(0);
  const view = ctx.read(offset);
  if (view === null) throw new HostLimitError('trap', `${fn}: 0x${offset.toString(16)} is not an Extism memory block`);
  return view.bytes();
}

/** Decodes a keg_log payload: i64 level then i64 length then UTF-8 text. */
export function decodeLogPayload(bytes: Uint8Array): { level: string; text: string } {
  if (bytes.length < 16) return { level: 'invalid', text: `malformed keg_log payload: ${bytes.length} bytes, need at least 16` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const level = view.getBigInt64(0, true);
  const length = view.getBigInt64(8, true);
  if (length < 0n || length > BigInt(bytes.length - 16)) {
    return { level: 'invalid', text: `malformed keg_log payload: text length ${length} but ${bytes.length - 16} bytes follow` };
  }
  const text = new TextDecoder().decode(bytes.subarray(16, 16 + Number(length)));
  return { level: levelName(level), text };
}

/** The kegs host functions of namespace `extism:host/user`. */
export function kegsHostFunctions(host: HostFunctionContext): Record<string, HostFn> {
  return {
    keg_get_static_resource(ctx, first, second) {
      const capture = host.capture();
      noteHostCall(capture, 'keg_get_static_resource');
      // An older form took (instance_id, path); the path is then the second argument.
      const offset = second === undefined ? first : second;
      const path = new TextDecoder().decode(readBytes(ctx, offset, 'keg_get_static_resource'));
      const found = readStaticResource(path, host.pluginDir, host.kegRoot, host.maxOutputBytes);
      noteStaticRead(capture, found.read);
      // Offset 0 is the plugin-visible "no such resource": the PDKs turn it into an Err.
      if (found.outcome !== 'ok') return 0n;
      return ctx.store(exactBytes(found.bytes));
    },
    keg_print(ctx, offset) {
      const capture = host.capture();
      noteHostCall(capture, 'keg_print');
      notePrint(capture, new TextDecoder().decode(readBytes(ctx, offset, 'keg_print')));
    },
    keg_log(ctx, offset) {
      const capture = host.capture();
      noteHostCall(capture, 'keg_log');
      noteLog(capture, decodeLogPayload(readBytes(ctx, offset, 'keg_log')));
    },
  };
}

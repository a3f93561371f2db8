import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Test-only sources: each plugin exports `echo`, which copies its input to its
// output through the Extism kernel, so a built plugin can be called for real.

export const ECHO_WAT = `(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (memory (export "memory") 1)
  (func (export "echo") (result i32)
    (local $n i64) (local $out i64) (local $i i64)
    (local.set $n (call $input_length))
    (local.set $out (call $alloc (local.get $n)))
    (block $done
      (loop $copy
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $out) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $copy)))
    (call $output_set (local.get $out) (local.get $n))
    (i32.const 0)))
`;

export const ECHO_ASSEMBLYSCRIPT = `@external("extism:host/env", "input_length") declare function input_length(): u64;
@external("extism:host/env", "input_load_u8") declare function input_load_u8(offs: u64): u8;
@external("extism:host/env", "alloc") declare function alloc(n: u64): u64;
@external("extism:host/env", "store_u8") declare function store_u8(offs: u64, v: u8): void;
@external("extism:host/env", "output_set") declare function output_set(offs: u64, n: u64): void;

export function echo(): i32 {
  const n = input_length();
  const out = alloc(n);
  for (let i: u64 = 0; i < n; i++) store_u8(out + i, input_load_u8(i));
  output_set(out, n);
  return 0;
}
`;

export const ECHO_RUST_CARGO = `[package]
name = "echo_plugin"
version = "0.1.0"
edition = "2021"

[lib]
crate-type = ["cdylib"]

[profile.release]
opt-level = "s"
`;

export const ECHO_RUST_LIB = `#[link(wasm_import_module = "extism:host/env")]
extern "C" {
    fn input_length() -> u64;
    fn input_load_u8(offs: u64) -> u8;
    fn alloc(n: u64) -> u64;
    fn store_u8(offs: u64, v: u8);
    fn output_set(offs: u64, n: u64);
}

#[no_mangle]
pub extern "C" fn echo() -> i32 {
    unsafe {
        let n = input_length();
        let out = alloc(n);
        for i in 0..n {
            store_u8(out + i, input_load_u8(i));
        }
        output_set(out, n);
    }
    0
}
`;

export type SampleSource = 'wat' | 'assemblyscript' | 'rust';

/** Source files (relative to the plugin folder) for an echo plugin in one language. */
export function echoSources(kind: SampleSource): Record<string, string> {
  switch (kind) {
    case 'wat':
      return { 'src/wat/echo.wat': ECHO_WAT };
    case 'assemblyscript':
      return { 'src/assemblyscript/index.ts': ECHO_ASSEMBLYSCRIPT };
    case 'rust':
      return { 'src/rust/echo-crate/Cargo.toml': ECHO_RUST_CARGO, 'src/rust/echo-crate/src/lib.rs': ECHO_RUST_LIB };
  }
}

export interface SamplePlugin {
  readonly name: string;
  readonly type?: string;
  /** Files relative to the plugin folder. */
  readonly files: Record<string, string | Uint8Array>;
}

/** Writes a keg folder with the given plugins; `kegToml` replaces the generated manifest. */
export async function writeSampleKeg(
  kegDir: string,
  plugins: readonly SamplePlugin[],
  options: { name?: string; version?: string; extraToml?: string; kegToml?: string } = {},
): Promise<string> {
  const manifest =
    options.kegToml ??
    [
      '[package]',
      `name = "${options.name ?? 'sample'}"`,
      `version = "${options.version ?? '1.0.0'}"`,
      options.extraToml ?? '',
      ...plugins.flatMap((p) => ['', '[[plugins]]', `name = "${p.name}"`, `type = "${p.type ?? 'kegcheck.test.echo'}"`]),
      '',
    ].join('\n');
  await mkdir(kegDir, { recursive: true });
  await writeFile(join(kegDir, 'keg.toml'), manifest);
  for (const plugin of plugins) {
    const pluginDir = join(kegDir, 'plugins', plugin.name);
    const files: Record<string, string | Uint8Array> = {
      'metadata.toml': `description = "echo plugin ${plugin.name}"\n`,
      'static/hello.txt': 'hello\n',
      ...plugin.files,
    };
    for (const [rel, content] of Object.entries(files)) {
      const path = join(pluginDir, rel);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
  }
  return kegDir;
}

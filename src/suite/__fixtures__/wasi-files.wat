(module
  ;; Test plugin for WASI allowed_paths: reads or overwrites a file under the
  ;; first preopened folder (fd 3); the input is the file's path in it.
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))

  (memory (export "memory") 1)
  (data (i32.const 512) "changed")

  ;; input (the path) copied to 2048; returns its length
  (func $path (result i32)
    (local $n i32)
    (local $i i32)
    (local.set $n (i32.wrap_i64 (call $input_length)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (i32.const 2048) (local.get $i)) (call $input_load_u8 (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $n))

  (func $output (param $src i32) (param $len i32)
    (local $dst i64)
    (local $i i32)
    (local.set $dst (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (call $store_u8 (i64.add (local.get $dst) (i64.extend_i32_u (local.get $i))) (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $output_set (local.get $dst) (i64.extend_i32_u (local.get $len))))

  ;; Output: the file's first 4 KiB. A WASI error is the exit code.
  (func (export "read_file") (result i32)
    (local $errno i32)
    (local $fd i32)
    (local.set $errno (call $path_open (i32.const 3) (i32.const 1) (i32.const 2048) (call $path) (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 128)))
    (if (local.get $errno) (then (return (local.get $errno))))
    (local.set $fd (i32.load (i32.const 128)))
    (i32.store (i32.const 256) (i32.const 4096))
    (i32.store (i32.const 260) (i32.const 4096))
    (local.set $errno (call $fd_read (local.get $fd) (i32.const 256) (i32.const 1) (i32.const 264)))
    (drop (call $fd_close (local.get $fd)))
    (if (local.get $errno) (then (return (local.get $errno))))
    (call $output (i32.const 4096) (i32.load (i32.const 264)))
    (i32.const 0))

  ;; Overwrites the file with "changed".
  (func (export "write_file") (result i32)
    (local $errno i32)
    (local $fd i32)
    (local.set $errno (call $path_open (i32.const 3) (i32.const 1) (i32.const 2048) (call $path) (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 128)))
    (if (local.get $errno) (then (return (local.get $errno))))
    (local.set $fd (i32.load (i32.const 128)))
    (i32.store (i32.const 256) (i32.const 512))
    (i32.store (i32.const 260) (i32.const 7))
    (local.set $errno (call $fd_write (local.get $fd) (i32.const 256) (i32.const 1) (i32.const 264)))
    (drop (call $fd_close (local.get $fd)))
    (if (local.get $errno) (then (return (local.get $errno))))
    (call $output (i32.const 512) (i32.const 7))
    (i32.const 0))
)

;; Test plugin for what real hosts give plugins: exports of both Extism
;; shapes, failures of every kind a suite may expect.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))

  (memory (export "memory") 1)

  (data (i32.const 0) "void ok")
  (data (i32.const 16) "void failed")

  ;; Copies len bytes of linear memory at src into a new Extism block.
  (func $block (param $src i32) (param $len i32) (result i64)
    (local $dst i64)
    (local $i i32)
    (local.set $dst (call $alloc (i64.extend_i32_u (local.get $len))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (call $store_u8
          (i64.add (local.get $dst) (i64.extend_i32_u (local.get $i)))
          (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $dst))

  ;; The input as an Extism block.
  (func $input_block (result i64)
    (local $n i64)
    (local $i i64)
    (local $dst i64)
    (local.set $n (call $input_length))
    (local.set $dst (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $dst) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (local.get $dst))

  ;; () -> (): success with an output.
  (func (export "void_hello")
    (call $output_set (call $block (i32.const 0) (i32.const 7)) (i64.const 7)))

  ;; () -> (): a failure through error_set, the only way such an export fails.
  (func (export "void_fail")
    (call $error_set (call $block (i32.const 16) (i32.const 11))))

  ;; () -> i32 without error_set: exit-code 3.
  (func (export "exit3") (result i32)
    (i32.const 3))

  (func (export "boom") (result i32)
    unreachable)

  (func (export "spin") (result i32)
    (loop $forever (br $forever))
    (i32.const 0))

  ;; Grows memory until refused, then traps.
  (func (export "grow") (result i32)
    (loop $more
      (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
    unreachable)

  ;; Neither Extism shape.
  (func (export "wrong_i64") (result i64)
    (i64.const 0))
  (func (export "wrong_param") (param i32))
)

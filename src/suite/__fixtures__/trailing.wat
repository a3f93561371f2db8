;; Test plugin for lenient decoding: `padded` echoes its packed input and
;; appends three bytes (de ad be) after the last field, as guests built on the
;; reference SDKs may do without those SDKs noticing. `echo` answers exactly.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))

  (memory (export "memory") 1)

  (func $echo_plus (param $extra i64) (result i32)
    (local $n i64)
    (local $i i64)
    (local $dst i64)
    (local.set $n (call $input_length))
    (local.set $dst (call $alloc (i64.add (local.get $n) (local.get $extra))))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $store_u8 (i64.add (local.get $dst) (local.get $i)) (call $input_load_u8 (local.get $i)))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (if (i64.gt_u (local.get $extra) (i64.const 0))
      (then
        (call $store_u8 (i64.add (local.get $dst) (local.get $n)) (i32.const 0xde))
        (call $store_u8 (i64.add (local.get $dst) (i64.add (local.get $n) (i64.const 1))) (i32.const 0xad))
        (call $store_u8 (i64.add (local.get $dst) (i64.add (local.get $n) (i64.const 2))) (i32.const 0xbe))))
    (call $output_set (local.get $dst) (i64.add (local.get $n) (local.get $extra)))
    (i32.const 0))

  (func (export "padded") (result i32)
    (call $echo_plus (i64.const 3)))

  (func (export "echo") (result i32)
    (call $echo_plus (i64.const 0)))
)

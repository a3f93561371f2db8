;; Test plugin for the runner: one export per behaviour a suite can check.
;; The `echo` export is built twice by the tests: as written, and with the
;; ECHO_SIGN_DROP flag set to 1, which clears the sign bit of the first i64
;; (byte 7 of a packed payload), a subtle codec bug a roundtrip must catch.
(module
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/user" "keg_print" (func $keg_print (param i64)))
  (import "extism:host/user" "keg_log" (func $keg_log (param i64)))

  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))

  (data (i32.const 0) "boom: bad input")
  (data (i32.const 16) "printed")
  ;; keg_log payload: i64 level 20 (info), i64 length 2, "hi"
  (data (i32.const 32) "\14\00\00\00\00\00\00\00\02\00\00\00\00\00\00\00hi")

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

  (func $echo_input (param $drop_sign i32) (result i32)
    (local $n i64)
    (local $i i64)
    (local $dst i64)
    (local $b i32)
    (local.set $n (call $input_length))
    (local.set $dst (call $alloc (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (local.set $b (call $input_load_u8 (local.get $i)))
        (if (i32.and (local.get $drop_sign) (i64.eq (local.get $i) (i64.const 7)))
          (then (local.set $b (i32.and (local.get $b) (i32.const 0x7f)))))
        (call $store_u8 (i64.add (local.get $dst) (local.get $i)) (local.get $b))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (call $output_set (local.get $dst) (local.get $n))
    (i32.const 0))

  (func (export "echo") (result i32)
    (call $echo_input (i32.const ECHO_SIGN_DROP)))

  (func (export "fail") (result i32)
    (call $error_set (call $block (i32.const 0) (i32.const 15)))
    (i32.const 1))

  ;; Hidden state: answers "1", "2", ... on one instance.
  (func (export "counter") (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.store8 (i32.const 64) (i32.add (i32.const 0x30) (global.get $calls)))
    (call $output_set (call $block (i32.const 64) (i32.const 1)) (i64.const 1))
    (i32.const 0))

  (func (export "chatty") (result i32)
    (call $keg_print (call $block (i32.const 16) (i32.const 7)))
    (call $keg_log (call $block (i32.const 32) (i32.const 18)))
    (call $echo_input (i32.const 0)))

  (func (export "wrong_shape") (param i32) (result i32)
    (i32.const 0))
)

;; Test plugin for `kegcheck init`: exports that fail on empty input in the
;; ways a plugin can fail by itself (trap, plugin error, exit code).
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))

  (memory (export "memory") 1)
  (data (i32.const 0) "bad (input) [x]? $1.5*")

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

  (func (export "crash_me") (result i32)
    unreachable)

  (func (export "regex_chars") (result i32)
    (call $error_set (call $block (i32.const 0) (i32.const 22)))
    (i32.const 1))

  (func (export "quiet_fail") (result i32)
    (i32.const 4))
)

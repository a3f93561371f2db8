;; Test plugin importing a host function only a suite mock provides.
(module
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/user" "get_time" (func $get_time (result i64)))
  (memory (export "memory") 1)
  (func (export "now") (result i32)
    (local $dst i64)
    (local.set $dst (call $alloc (i64.const 8)))
    (call $store_u64 (local.get $dst) (call $get_time))
    (call $output_set (local.get $dst) (i64.const 8))
    (i32.const 0))
)

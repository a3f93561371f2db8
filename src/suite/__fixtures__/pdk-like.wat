;; Test plugin shaped like PDK output: WASI and HTTP imports, host functions
;; the kegs host does not know, toolchain exports (_start, __wasm_call_ctors,
;; asyncify_*), exports of both Extism shapes and of neither.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "error_set" (func $error_set (param i64)))
  (import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))
  (import "extism:host/user" "get_weather" (func $get_weather (param i64) (result i64)))
  (import "extism:host/user" "ping" (func $ping))
  (import "extism:host/user" "keg_print" (func $keg_print (param i64)))

  (memory (export "memory") 1)
  (data (i32.const 0) "not json")

  (func $echo
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
    (call $output_set (local.get $dst) (local.get $n)))

  (func (export "_start"))
  (func (export "__wasm_call_ctors"))
  (func (export "asyncify_get_state") (result i32) (i32.const 0))

  ;; () -> (): echoes any input
  (func (export "greet")
    (call $echo))

  ;; Accepts only input starting with "{", echoing it.
  (func (export "parse") (result i32)
    (local $dst i64)
    (if (i32.or (i64.eqz (call $input_length)) (i32.ne (call $input_load_u8 (i64.const 0)) (i32.const 123)))
      (then
        (local.set $dst (call $alloc (i64.const 8)))
        (call $store_u8 (local.get $dst) (i32.const 0x3f))
        (call $error_set (local.get $dst))
        (return (i32.const 1))))
    (call $echo)
    (i32.const 0))

  (func (export "broken") (result i32)
    unreachable)

  ;; Calls both unknown host functions, then echoes.
  (func (export "weather") (result i32)
    (drop (call $get_weather (i64.const 0)))
    (call $ping)
    (call $echo)
    (i32.const 0))

  (func (export "wrong") (param i32) (result i32)
    (i32.const 0))
)

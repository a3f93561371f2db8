(module
  ;; Test plugin for the Extism manifest options: HTTP through mocks, vars
  ;; under max_var_bytes, a suite mock called with the input.
  (import "extism:host/env" "input_length" (func $input_length (result i64)))
  (import "extism:host/env" "input_load_u8" (func $input_load_u8 (param i64) (result i32)))
  (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
  (import "extism:host/env" "length" (func $length (param i64) (result i64)))
  (import "extism:host/env" "load_u8" (func $load_u8 (param i64) (result i32)))
  (import "extism:host/env" "store_u8" (func $store_u8 (param i64 i32)))
  (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
  (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
  (import "extism:host/env" "http_request" (func $http_request (param i64 i64) (result i64)))
  (import "extism:host/env" "http_status_code" (func $http_status_code (result i32)))
  (import "extism:host/env" "http_headers" (func $http_headers (result i64)))
  (import "extism:host/env" "var_get" (func $var_get (param i64) (result i64)))
  (import "extism:host/env" "var_set" (func $var_set (param i64 i64)))
  (import "extism:host/user" "notify" (func $notify (param i64) (result i64)))

  (memory (export "memory") 1)
  (data (i32.const 0) "k")
  (data (i32.const 8) "none")

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

  ;; Outputs a whole block, or nothing for offset 0.
  (func $output_block (param $b i64)
    (if (i64.eqz (local.get $b))
      (then (call $output_set (call $alloc (i64.const 0)) (i64.const 0)))
      (else (call $output_set (local.get $b) (call $length (local.get $b))))))

  ;; Input: the request JSON. Output, packed: i64 status, bin body (empty when http_request returned 0).
  (func (export "fetch") (result i32)
    (local $res i64)
    (local $len i64)
    (local $dst i64)
    (local $i i64)
    (local $status i64)
    (local.set $res (call $http_request (call $input_block) (i64.const 0)))
    (if (i64.ne (local.get $res) (i64.const 0))
      (then (local.set $len (call $length (local.get $res)))))
    ;; Every host call before the output block exists: the 1.0.3 SDK's worker
    ;; mode drops writes to a block allocated before a host call.
    (local.set $status (i64.extend_i32_s (call $http_status_code)))
    (local.set $dst (call $alloc (i64.add (i64.const 16) (local.get $len))))
    (call $store_u64 (local.get $dst) (local.get $status))
    (call $store_u64 (i64.add (local.get $dst) (i64.const 8)) (local.get $len))
    (block $done
      (loop $next
        (br_if $done (i64.ge_u (local.get $i) (local.get $len)))
        (call $store_u8
          (i64.add (i64.add (local.get $dst) (i64.const 16)) (local.get $i))
          (call $load_u8 (i64.add (local.get $res) (local.get $i))))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $next)))
    (call $output_set (local.get $dst) (i64.add (i64.const 16) (local.get $len)))
    (i32.const 0))

  ;; The last response's headers as JSON, or "none" when http_headers gives 0.
  (func (export "headers") (result i32)
    (local $h i64)
    (local.set $h (call $http_headers))
    (if (i64.eqz (local.get $h))
      (then (local.set $h (call $block (i32.const 8) (i32.const 4)))))
    (call $output_block (local.get $h))
    (i32.const 0))

  ;; var "k" = input
  (func (export "var_put") (result i32)
    (call $var_set (call $block (i32.const 0) (i32.const 1)) (call $input_block))
    (call $output_set (call $alloc (i64.const 0)) (i64.const 0))
    (i32.const 0))

  ;; var "k", or nothing
  (func (export "var_read") (result i32)
    (call $output_block (call $var_get (call $block (i32.const 0) (i32.const 1))))
    (i32.const 0))

  ;; notify(input), then outputs what it returned
  (func (export "call_host") (result i32)
    (call $output_block (call $notify (call $input_block)))
    (i32.const 0))

  ;; calls nothing
  (func (export "quiet") (result i32)
    (call $output_set (call $alloc (i64.const 0)) (i64.const 0))
    (i32.const 0))
)

// Test support: the suite the hostile fixture keg (fixtures/hostile/hostile-keg)
// runs under: one bytes-to-bytes function `run`, a tight deadline, output and
// memory caps, a conforms property and, if asked, one golden case.

export function hostileSuite(options: { readonly withCase: boolean }): string {
  return `[suite]
type = "kegs.testing.hostile"
version = "1.0.0"
[host]
timeout_ms = 300
max_output_bytes = 1048576
max_memory_pages = 64
[[functions]]
name = "run"
input = "bytes"
output = "bytes"
${
  options.withCase
    ? `[[cases]]
name = "run"
function = "run"
expect = { bytes = { hex = "" } }
`
    : ''
}[[properties]]
function = "run"
check = "conforms"
runs = 20
`;
}

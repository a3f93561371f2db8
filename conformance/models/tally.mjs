// Model for kegs.testing.tally: the running total a plugin must keep on one
// instance. The state is the total; each export answers one call.
const byteLength = (text) => new TextEncoder().encode(text).length;

export function init() {
  return 0;
}

export function add(total, text) {
  const next = total + byteLength(text);
  return { state: next, output: String(next) };
}

export function total(sum) {
  return { state: sum, output: String(sum) };
}

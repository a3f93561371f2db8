// Oracle for kegs.testing.tally's measure: the UTF-8 byte length of the text, in decimal.
export default function measure(text) {
  return String(new TextEncoder().encode(text).length);
}

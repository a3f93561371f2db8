// Oracle for kegs.testing.vowelcounter: what count_vowels must return for an
// input. Only the ASCII letters a e i o u and A E I O U count; accented
// letters (é, ö, ...) and other scripts do not, so the answer does not depend
// on Unicode tables that differ between guest languages.
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']);

export default function countVowels(input) {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  let count = 0;
  for (const ch of text) if (VOWELS.has(ch)) count += 1;
  return { count };
}

// Oracle for kegs.testing.greeter's greet: the template of the reference keg
// ("Hello, {name}!") filled with the name, or "stranger" for an empty one.
export default function greet(input) {
  const name = typeof input === 'string' ? input : new TextDecoder().decode(input);
  return `Hello, ${name === '' ? 'stranger' : name}!`;
}

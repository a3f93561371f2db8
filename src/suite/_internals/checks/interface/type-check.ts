import { passOrFail, type InterfaceCheck } from './interface-check.js';

/** keg.toml declares the plugin with the type the suite certifies. */
export const typeCheck: InterfaceCheck = {
  id: 'type',
  name: 'plugin type matches the suite',
  run: ({ suite, plugin }) =>
    passOrFail(plugin.type === suite.type, () => `keg.toml declares type '${plugin.type}' for plugin '${plugin.name}'; the suite certifies '${suite.type}'`, { location: { file: suite.file } }),
};

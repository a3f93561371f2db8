import { join } from 'node:path';
import { statOrUndefined } from './stat-or-undefined.js';

/**
 * When `pkg:plugin` names no package of the store but `./pkg` is a keg folder (or `./pkg.keg`
 * a keg file) in the working folder, the name the user most likely meant: a bare name is looked
 * up in the store only, as the reference host does, so a local keg needs a path.
 */
export async function localKegHint(pkg: string, plugin: string, cwd: string): Promise<string | undefined> {
  const folder = join(cwd, pkg);
  if ((await statOrUndefined(folder))?.isDirectory() === true && (await statOrUndefined(join(folder, 'keg.toml')))?.isFile() === true) {
    return `./${pkg} is a keg folder in the working directory (${cwd}); did you mean ./${pkg}:${plugin}?`;
  }
  if ((await statOrUndefined(`${folder}.keg`))?.isFile() === true) {
    return `./${pkg}.keg is a keg file in the working directory (${cwd}); did you mean ./${pkg}.keg:${plugin}?`;
  }
  return undefined;
}

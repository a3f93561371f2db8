import { formatLocation } from '../../../../kegcheck-error.js';
import { passOrFail, type InterfaceCheck } from './interface-check.js';

/** The keg's manifests have no errors (warnings do not fail it). */
export const manifestCheck: InterfaceCheck = {
  id: 'manifest',
  name: 'keg manifest is valid',
  run: ({ keg }) => {
    const errors = keg.findings.filter((f) => f.severity === 'error');
    return passOrFail(errors.length === 0, () => errors.map((f) => `${formatLocation(f.location)}: ${f.message} [${f.code}]`).join('\n'));
  },
};

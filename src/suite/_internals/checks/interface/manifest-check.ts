import { formatFinding } from '../../../../format-finding.js';
import { passOrFail, type InterfaceCheck } from './interface-check.js';

/** The keg's manifests have no errors (warnings do not fail it). */
export const manifestCheck: InterfaceCheck = {
  id: 'manifest',
  name: 'keg manifest is valid',
  run: ({ keg }) => {
    const errors = keg.findings.filter((f) => f.severity === 'error');
    return passOrFail(errors.length === 0, () => errors.map((f) => formatFinding(f, { expected: false })).join('\n'));
  },
};

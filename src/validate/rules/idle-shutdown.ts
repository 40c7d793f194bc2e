import type { Diagnostic } from '../../core/diagnostic.js';
import { SECONDS_PER_DAY, describeSeconds, parseIsoDuration } from '../duration.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'idle-shutdown';
const PATH = ['compute', 'instance', 'idleShutdownAfter'] as const;
/** Azure ML: idle shutdown can be set "between 15 minutes and three days". */
export const MIN_SECONDS = 15 * 60;
export const MAX_SECONDS = 3 * SECONDS_PER_DAY;

export const rule: SpecRule = {
  id: ID,
  synopsis: 'compute.instance.idleShutdownAfter is an ISO 8601 duration from 15 minutes to 3 days.',
  source: 'https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance#configure-idle-shutdown',
  check(loaded): Diagnostic[] {
    const text = loaded.spec.compute.instance.idleShutdownAfter;
    const d = parseIsoDuration(text);
    if (!d) {
      return [finding(loaded, ID, 'error', PATH, `"${text}" is not an ISO 8601 duration`, 'write e.g. PT60M for an hour, PT15M to P3D allowed')];
    }
    if (d.totalSeconds < MIN_SECONDS || d.totalSeconds > MAX_SECONDS) {
      return [
        finding(loaded, ID, 'error', PATH, `idle shutdown after ${describeSeconds(d.totalSeconds)} is outside Azure Machine Learning's range of 15 minutes to 3 days`, 'set compute.instance.idleShutdownAfter between PT15M and P3D, e.g. PT60M'),
      ];
    }
    return [];
  },
};

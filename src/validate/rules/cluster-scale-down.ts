import type { Diagnostic } from '../../core/diagnostic.js';
import { parseIsoDuration } from '../duration.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'cluster-scale-down';
const PATH = ['compute', 'cluster', 'idleBeforeScaleDown'] as const;

/**
 * AmlCompute nodeIdleTimeBeforeScaleDown is an ISO 8601 duration (ARM type
 * Microsoft.MachineLearningServices/workspaces/computes, scaleSettings). Zero would release a node
 * between two jobs of one pipeline and pay its start-up again.
 */
export const rule: SpecRule = {
  id: ID,
  synopsis: 'compute.cluster.idleBeforeScaleDown is a positive ISO 8601 duration.',
  source: 'https://learn.microsoft.com/azure/templates/microsoft.machinelearningservices/workspaces/computes',
  check(loaded): Diagnostic[] {
    const text = loaded.spec.compute.cluster.idleBeforeScaleDown;
    const d = parseIsoDuration(text);
    if (!d) return [finding(loaded, ID, 'error', PATH, `"${text}" is not an ISO 8601 duration`, 'write e.g. PT30M (30 minutes) or PT120S')];
    if (d.totalSeconds === 0) return [finding(loaded, ID, 'error', PATH, `idleBeforeScaleDown ${text} is zero`, 'write a positive duration, e.g. PT30M')];
    return [];
  },
};

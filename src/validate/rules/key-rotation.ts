import type { Diagnostic } from '../../core/diagnostic.js';
import type { SpecPath } from '../../spec/load.js';
import { SECONDS_PER_DAY, describeSeconds, parseIsoDuration, type IsoDuration } from '../duration.js';
import { finding, type SpecRule } from '../rule.js';

const ID = 'key-rotation';
const BASE: SpecPath = ['keyVault', 'key', 'rotation'];

/**
 * Key Vault rotation policy limits:
 * - expiryTime at least 28 days (KeyRotationPolicy.ExpiresIn, Azure SDK reference);
 * - rotation "at least seven days from creation and seven days from expiration time"
 *   (how-to-configure-key-rotation, Key rotation policy);
 * - the near-expiry notification fires before expiry, so it must be shorter than the key's life.
 */
export const MIN_EXPIRY_DAYS = 28;
export const MIN_ROTATION_DAYS = 7;

export const rule: SpecRule = {
  id: ID,
  synopsis: 'Key rotation durations are valid ISO 8601 and consistent: 7 days <= rotateAfter <= expiresAfter - 7 days, expiresAfter >= 28 days, 0 < notifyBefore < expiresAfter.',
  source: 'https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation#key-rotation-policy',
  check(loaded): Diagnostic[] {
    const r = loaded.spec.keyVault.key.rotation;
    const out: Diagnostic[] = [];
    const parse = (key: 'rotateAfter' | 'expiresAfter' | 'notifyBefore'): IsoDuration | undefined => {
      const d = parseIsoDuration(r[key]);
      if (!d) {
        out.push(finding(loaded, ID, 'error', [...BASE, key], `"${r[key]}" is not an ISO 8601 duration`, 'write P<n>Y, P<n>M, P<n>D, e.g. P90D for 90 days or P1Y for a year'));
      }
      return d;
    };
    const rotate = parse('rotateAfter');
    const expires = parse('expiresAfter');
    const notify = parse('notifyBefore');
    const days = (d: IsoDuration): number => d.totalSeconds / SECONDS_PER_DAY;
    if (expires && days(expires) < MIN_EXPIRY_DAYS) {
      out.push(finding(loaded, ID, 'error', [...BASE, 'expiresAfter'], `expiresAfter ${r.expiresAfter} (${describeSeconds(expires.totalSeconds)}) is shorter than Key Vault's minimum of ${MIN_EXPIRY_DAYS} days`, 'set expiresAfter to P28D or more, e.g. P1Y'));
    }
    if (rotate && days(rotate) < MIN_ROTATION_DAYS) {
      out.push(finding(loaded, ID, 'error', [...BASE, 'rotateAfter'], `rotateAfter ${r.rotateAfter} is shorter than Key Vault's minimum of ${MIN_ROTATION_DAYS} days after creation`, 'set rotateAfter to P7D or more, e.g. P90D'));
    }
    if (rotate && expires && days(rotate) > days(expires) - MIN_ROTATION_DAYS) {
      out.push(finding(loaded, ID, 'error', [...BASE, 'rotateAfter'], `rotateAfter ${r.rotateAfter} is not at least ${MIN_ROTATION_DAYS} days before expiresAfter ${r.expiresAfter}: the key would expire before (or too soon after) its rotation`, 'make rotateAfter shorter than expiresAfter by 7 days or more, e.g. rotateAfter P90D with expiresAfter P1Y'));
    }
    if (notify && notify.totalSeconds === 0) {
      out.push(finding(loaded, ID, 'error', [...BASE, 'notifyBefore'], `notifyBefore ${r.notifyBefore} is zero: the notification would come at expiry`, 'set notifyBefore to e.g. P30D'));
    }
    if (notify && expires && notify.totalSeconds >= expires.totalSeconds) {
      out.push(finding(loaded, ID, 'error', [...BASE, 'notifyBefore'], `notifyBefore ${r.notifyBefore} is not shorter than expiresAfter ${r.expiresAfter}: the notification would come before the key exists`, 'make notifyBefore shorter than expiresAfter, e.g. P30D'));
    }
    return out;
  },
};

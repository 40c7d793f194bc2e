import { isObject } from '../functions/values.js';
import type { ObjectValue, Value } from '../types.js';

/** isObject for values read from JSON, where a missing key is `undefined`. */
export function isObj(v: Value | undefined): v is ObjectValue {
  return v !== undefined && isObject(v);
}

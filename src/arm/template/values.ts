import { isObject } from '../functions/values.js';
import type { ObjectValue, Value } from '../types.js';

/** isObject for values read from JSON, where a missing key is `undefined`. */
export function isObj(v: Value | undefined): v is ObjectValue {
  // Not an object at all (most template values are strings) is answered without a call.
  return typeof v === 'object' && isObject(v);
}

// Shared with the function library, which builds objects from a user's keys too.
export { setKey } from '../functions/values.js';

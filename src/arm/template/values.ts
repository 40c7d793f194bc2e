import { isObject } from '../functions/values.js';
import type { ObjectValue, Value } from '../types.js';

/** isObject for values read from JSON, where a missing key is `undefined`. */
export function isObj(v: Value | undefined): v is ObjectValue {
  // Not an object at all (most template values are strings) is answered without a call.
  return typeof v === 'object' && isObject(v);
}

/**
 * `o[key] = value` for keys that come from a user's JSON: `__proto__` becomes an own property, as
 * JSON.parse makes it, instead of replacing the object's prototype.
 */
export function setKey<T>(o: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

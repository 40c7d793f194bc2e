/**
 * A value that exists only after deployment (a `reference()` to something outside the template, a
 * `list*()` result, a secure parameter without a value...). It is never replaced by an invented value:
 * it propagates through every function and makes a policy verdict Unknown, carrying why.
 * In JSON it is written as `{"$unknown": "<why>"}`.
 */
export class Unknown {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
  toJSON(): { $unknown: string } {
    return { $unknown: this.reason };
  }
}

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** Turns `{"$unknown": "why"}` objects read from JSON back into Unknown values (deep, new objects). */
export function reviveUnknowns(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reviveUnknowns);
  if (v !== null && typeof v === 'object' && !(v instanceof Unknown)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$unknown' && typeof o.$unknown === 'string') return new Unknown(o.$unknown);
    const out: Record<string, unknown> = {};
    for (const k of keys) out[k] = reviveUnknowns(o[k]);
    return out;
  }
  return v;
}

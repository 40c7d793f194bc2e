/**
 * JSON with comments, parsed into plain values while keeping where every value stands in the text,
 * so that an error in an expression deep inside a 727 KB template still names file:line:column.
 * Positions live in a WeakMap keyed by the parsed objects and arrays (a string is located through the
 * container holding it), so the values themselves stay plain and cost nothing extra to evaluate.
 */
import { printParseErrorCode, visit } from 'jsonc-parser';
import type { Diagnostic, SourceLocation } from '../../core/diagnostic.js';
import type { Value } from '../types.js';

interface Slots {
  /** Offset of the container's opening brace or bracket. */
  self: number;
  /** Offset of each member's value (object: by key; array: by index). */
  members: Map<string, number> | number[];
}

export interface ParsedJson {
  value: Value | undefined;
  diagnostics: Diagnostic[];
  file: string;
  /** Where `container[key]` stands; the container itself when key is omitted or unknown. */
  locate(container: object, key?: string | number): SourceLocation;
}

/** Line starts, for offset -> 1-based line and column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export function offsetToLocation(starts: readonly number[], file: string, offset: number): SourceLocation {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { file, line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

export function parseJsonc(text: string, file: string): ParsedJson {
  const slots = new WeakMap<object, Slots>();
  const diagnostics: Diagnostic[] = [];
  let starts: number[] | undefined;
  const toLoc = (offset: number): SourceLocation => offsetToLocation((starts ??= lineStarts(text)), file, offset);

  type Frame = { value: Record<string, Value> | Value[]; slots: Slots; key: string | undefined };
  const stack: Frame[] = [];
  let root: Value | undefined;
  let pendingKey: string | undefined;

  const put = (v: Value, offset: number): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = v;
      return;
    }
    if (Array.isArray(top.value)) {
      (top.slots.members as number[]).push(offset);
      top.value.push(v);
    } else {
      const key = pendingKey ?? '';
      (top.slots.members as Map<string, number>).set(key, offset);
      top.value[key] = v;
      pendingKey = undefined;
    }
  };

  visit(
    text,
    {
      onObjectBegin(offset) {
        const value: Record<string, Value> = {};
        const s: Slots = { self: offset, members: new Map() };
        slots.set(value, s);
        put(value, offset);
        stack.push({ value, slots: s, key: undefined });
      },
      onObjectProperty(name) {
        pendingKey = name;
      },
      onObjectEnd() {
        stack.pop();
      },
      onArrayBegin(offset) {
        const value: Value[] = [];
        const s: Slots = { self: offset, members: [] };
        slots.set(value, s);
        put(value, offset);
        stack.push({ value, slots: s, key: undefined });
      },
      onArrayEnd() {
        stack.pop();
      },
      onLiteralValue(value: unknown, offset) {
        put(value as Value, offset);
      },
      onError(error, offset) {
        diagnostics.push({
          severity: 'error',
          code: 'IL5-ARM-JSON',
          message: `${file} is not valid JSON: ${printParseErrorCode(error)}`,
          fix: 'fix the JSON syntax at this position (comments and trailing commas are accepted)',
          location: toLoc(offset),
        });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );

  return {
    value: root,
    diagnostics,
    file,
    locate(container: object, key?: string | number): SourceLocation {
      const s = slots.get(container);
      if (!s) return { file, line: 1, column: 1 };
      if (key !== undefined) {
        const m = Array.isArray(s.members) ? (typeof key === 'number' ? s.members[key] : undefined) : s.members.get(String(key));
        if (m !== undefined) return toLoc(m);
      }
      return toLoc(s.self);
    },
  };
}

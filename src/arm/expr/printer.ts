import type { Expr } from './ast.js';

/** Canonical text of an expression: arguments separated by `, `, strings with `''` escapes, no other spaces. */
export function print(e: Expr): string {
  switch (e.kind) {
    case 'string':
      return `'${e.value.replace(/'/g, "''")}'`;
    case 'number':
      return String(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'call':
      return `${e.name}(${e.args.map(print).join(', ')})`;
    case 'property':
      return `${print(e.target)}.${e.name}`;
    case 'index':
      return `${print(e.target)}[${print(e.index)}]`;
  }
}

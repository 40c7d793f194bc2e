/**
 * The syntax tree of an ARM template expression (the text between the outer `[` and `]`).
 * Every node keeps the offset of its first character in the expression text so that evaluation
 * errors can point at the call that failed.
 */
import type { FunctionDef, FunctionRegistry } from '../types.js';

export type Expr = StringLit | NumberLit | BoolLit | NullLit | Call | PropertyAccess | IndexAccess;

export interface StringLit {
  readonly kind: 'string';
  readonly value: string;
  readonly offset: number;
  /**
   * The evaluator's memo: `value` in lower case, set the first time the literal is read as a name
   * (`parameters('x')`, `variables('x')`): a tree is evaluated again and again, and the name is lowered once.
   */
  lowered?: string;
}
export interface NumberLit {
  readonly kind: 'number';
  /** ARM literals are integers; a leading `-` is part of the literal. */
  readonly value: number;
  readonly offset: number;
}
/** Bare `true`/`false`: accepted as literals (Bicep emits `true()`, hand-written templates sometimes do not). */
export interface BoolLit {
  readonly kind: 'bool';
  readonly value: boolean;
  readonly offset: number;
}
/** Bare `null`: accepted as a literal, like `null()`. */
export interface NullLit {
  readonly kind: 'null';
  readonly offset: number;
}
export interface Call {
  readonly kind: 'call';
  /** As written; lookup is case-insensitive. */
  readonly name: string;
  readonly args: readonly Expr[];
  readonly offset: number;
  /** `name` in lower case: set by the parser (a tree built otherwise may leave it out). */
  readonly lower?: string;
  /**
   * The evaluator's memo, on trees the parser made: the function `lower` named in `registry` the last time
   * the call was evaluated, its number of arguments checked (set only when both were right). A tree is evaluated against the same registry again and again (every copy,
   * every nested deployment), so the name is looked up once per registry rather than at every call.
   */
  registry?: FunctionRegistry | undefined;
  fn?: FunctionDef | undefined;
  /** How the evaluator charges the call to the work budget, by its name (memo too; evaluator.ts, costOf). */
  cost?: number;
}
export interface PropertyAccess {
  readonly kind: 'property';
  readonly target: Expr;
  readonly name: string;
  readonly offset: number;
}
export interface IndexAccess {
  readonly kind: 'index';
  readonly target: Expr;
  readonly index: Expr;
  readonly offset: number;
}

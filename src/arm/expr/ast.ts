/**
 * The syntax tree of an ARM template expression (the text between the outer `[` and `]`).
 * Every node keeps the offset of its first character in the expression text so that evaluation
 * errors can point at the call that failed.
 */
export type Expr = StringLit | NumberLit | BoolLit | NullLit | Call | PropertyAccess | IndexAccess;

export interface StringLit {
  readonly kind: 'string';
  readonly value: string;
  readonly offset: number;
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

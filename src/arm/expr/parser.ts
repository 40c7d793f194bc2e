import { ExpressionError } from '../types.js';
import type { Expr } from './ast.js';
import { tokenize, type Token, type TokenKind } from './tokenizer.js';

/**
 * Recursive-descent parser for the grammar
 *   expr    := primary ( '.' identifier | '[' expr ']' )*
 *   primary := string | integer | call | 'true' | 'false' | 'null'
 *   call    := name '(' ( expr ( ',' expr )* )? ')'
 *   name    := identifier ( '.' identifier )?     -- `namespace.fn` for user-defined functions
 * (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions).
 */
/**
 * How deeply expressions may nest (calls inside calls, `.x`/`[i]` chains): far beyond any real template
 * (Bicep's output nests a few dozen levels), and low enough that parsing and evaluating stay within the
 * call stack. ARM documents no depth, only the 24,576 characters of an expression.
 */
export const MAX_EXPRESSION_DEPTH = 256;

/**
 * The functions a lambda() may be an argument of: "Lambda expression can only be specified directly as
 * function arguments in these functions: filter(), groupBy(), map(), mapValues(), reduce(), sort(), and
 * toObject()" (https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda,
 * Limitations, read 2026-12-08). Anywhere else (an output's value, createArray(), if(), a lambda's body) a
 * lambda would be a value, which ARM has not.
 */
const LAMBDA_TAKERS = new Set(['filter', 'groupby', 'map', 'mapvalues', 'reduce', 'sort', 'toobject']);

function isLambda(e: Expr): boolean {
  return e.kind === 'call' && e.name.toLowerCase() === 'lambda';
}

export function parse(text: string): Expr {
  const p = new Parser(text);
  const e = p.expr();
  p.expect('end', 'end of expression');
  // Where each lambda() stands, checked over the tree after it is parsed, and only in a text that names one:
  // the parser itself stays as small as it was (V8 compiles it into the evaluator's code, see frame.ts).
  if (LAMBDA_WORD.test(text)) {
    if (isLambda(e)) throw p.misplacedLambda(e, 'as the whole expression');
    placeLambdas(e, p);
  }
  return e;
}

const LAMBDA_WORD = /lambda/i;

/** Throws at the first lambda() (in the order the text reads) that is not an argument of a function taking one. */
function placeLambdas(e: Expr, p: Parser): void {
  switch (e.kind) {
    case 'call': {
      const takesLambda = LAMBDA_TAKERS.has(e.name.toLowerCase());
      for (const arg of e.args) {
        if (!takesLambda && isLambda(arg)) throw p.misplacedLambda(arg, `as an argument of ${e.name}()`);
        placeLambdas(arg, p);
      }
      return;
    }
    case 'property':
      if (isLambda(e.target)) throw p.misplacedLambda(e.target, 'with a property read from it');
      placeLambdas(e.target, p);
      return;
    case 'index':
      if (isLambda(e.target)) throw p.misplacedLambda(e.target, 'with an index read from it');
      placeLambdas(e.target, p);
      if (isLambda(e.index)) throw p.misplacedLambda(e.index, 'as an index');
      placeLambdas(e.index, p);
      return;
    default:
      return;
  }
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  private peek(ahead = 0): Token {
    const t = this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
    if (t === undefined) throw new Error('internal: token stream is empty');
    return t;
  }
  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  expect(kind: TokenKind, what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw this.error(t, `expected ${what} but found ${describe(t)}`);
    return this.next();
  }
  private error(t: Token, message: string, functionName?: string): ExpressionError {
    return new ExpressionError(`${message} at offset ${t.offset}`, this.text, t.offset, functionName);
  }

  private level = 0;

  expr(): Expr {
    if (++this.level > MAX_EXPRESSION_DEPTH) throw this.tooDeep();
    try {
      return this.postfix();
    } finally {
      this.level--;
    }
  }

  misplacedLambda(e: Expr, where: string): ExpressionError {
    return new ExpressionError(
      `lambda() at offset ${e.offset} is not allowed ${where}: a lambda can only be an argument of filter(), groupBy(), map(), mapValues(), reduce(), sort() or toObject()`,
      this.text,
      e.offset,
      'lambda',
    );
  }

  private tooDeep(): ExpressionError {
    return this.error(this.peek(), `the expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels, more than il5ml evaluates; split it into variables`);
  }

  private postfix(): Expr {
    let e = this.primary();
    let chain = 0;
    for (;;) {
      const t = this.peek();
      if ((t.kind === '.' || t.kind === '[') && this.level + ++chain > MAX_EXPRESSION_DEPTH) throw this.tooDeep();
      if (t.kind === '.') {
        this.next();
        const name = this.peek();
        if (name.kind !== 'identifier') throw this.error(name, `expected a property name after '.' but found ${describe(name)}`);
        this.next();
        e = { kind: 'property', target: e, name: name.text, offset: t.offset };
      } else if (t.kind === '[') {
        this.next();
        const index = this.expr();
        this.expect(']', "']' to close the index");
        e = { kind: 'index', target: e, index, offset: t.offset };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'string':
        this.next();
        return { kind: 'string', value: t.text, offset: t.offset };
      case 'integer': {
        this.next();
        const value = Number(t.text);
        if (!Number.isSafeInteger(value)) throw this.error(t, `integer literal ${t.text} is out of range`);
        return { kind: 'number', value, offset: t.offset };
      }
      case 'identifier':
        return this.callOrKeyword();
      default:
        throw this.error(t, `expected a value (string, integer or function call) but found ${describe(t)}`);
    }
  }

  private callOrKeyword(): Expr {
    const first = this.next();
    let name = first.text;
    // `ns.fn(` is a user-defined function call; a plain identifier must be followed by `(`.
    if (this.peek().kind === '.' && this.peek(1).kind === 'identifier' && this.peek(2).kind === '(') {
      this.next();
      name = `${name}.${this.next().text}`;
    }
    if (this.peek().kind !== '(') {
      const lower = name.toLowerCase();
      if (lower === 'true' || lower === 'false') return { kind: 'bool', value: lower === 'true', offset: first.offset };
      if (lower === 'null') return { kind: 'null', offset: first.offset };
      throw this.error(this.peek(), `expected '(' after function name '${name}' but found ${describe(this.peek())}`, name);
    }
    this.next();
    const args: Expr[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.expr());
        const t = this.peek();
        if (t.kind === ',') {
          this.next();
          continue;
        }
        if (t.kind === ')') break;
        throw this.error(t, `expected ',' or ')' in the arguments of ${name}() but found ${describe(t)}`, name);
      }
    }
    this.next();
    return { kind: 'call', name, args, offset: first.offset, lower: name.toLowerCase(), registry: undefined, fn: undefined, cost: 0 };
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `string '${t.text}'`;
    case 'integer':
      return `integer ${t.text}`;
    case 'identifier':
      return `'${t.text}'`;
    default:
      return `'${t.kind}'`;
  }
}

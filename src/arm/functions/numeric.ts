/**
 * Numeric functions. https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-numeric
 * ARM integers are 64-bit; results outside JavaScript's safe integer range are reported, not rounded.
 * copyIndex() is a deployment function and belongs to the template engine.
 */
import type { Value } from '../types.js';
import { eager, type StdFunction } from './define.js';
import { FunctionError, UnknownSignal, arg, findUnknown, int, isObject, typeName, wrongType } from './values.js';
import { maxOf, minOf } from '../../core/array.js';

function checked(fn: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new FunctionError(`${fn}(): the result ${v} is outside the 64-bit integer range this tool computes exactly`);
  return v;
}

/**
 * int() of a Float (json('2.5'), float('2.5')…): ARM converts an Integer or a String only, "The template language
 * function 'int' expects its first parameter to be one of the following types 'Integer, String'"
 * (https://github.com/Azure/azure-quickstart-templates/issues/2019, Azure's message for a Boolean; the reference's
 * valueToConvert is "string or int", template-functions-numeric#int, read 2026-12-08). It neither truncates nor rounds.
 */
function notIntOrString(v: number): never {
  throw new FunctionError(
    `int(): the value ${v} is a Float, and int() converts only an Integer or a String ('Integer, String' in Azure's message); ARM has no function that rounds a Float: keep the value an integer (or a string of one) where int() reads it`,
  );
}

/**
 * max()/min() take an array of integers or several integers ("array of integers, or comma-separated list of
 * integers", template-functions-numeric#max and #min, read 2026-12-08): a Float (json('1.5')) is refused as
 * add() and the other integer functions refuse one.
 */
function numbers(fn: string, args: readonly Value[]): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (list.length === 0) throw new FunctionError(`${fn}(): needs at least one value`);
  const u = findUnknown(list as Value[]);
  if (u) throw new UnknownSignal(u);
  return list.map((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) wrongType(fn, i, 'an integer', v);
    return v;
  });
}

export const numericFunctions: StdFunction[] = [
  eager('add', ['numeric'], 2, 2, (args) => checked('add', int('add', args, 0) + int('add', args, 1))),
  eager('sub', ['numeric'], 2, 2, (args) => checked('sub', int('sub', args, 0) - int('sub', args, 1))),
  eager('mul', ['numeric'], 2, 2, (args) => checked('mul', int('mul', args, 0) * int('mul', args, 1))),
  eager('div', ['numeric'], 2, 2, (args) => {
    const d = int('div', args, 1);
    if (d === 0) throw new FunctionError('div(): the divisor must not be 0');
    return Math.trunc(int('div', args, 0) / d);
  }),
  eager('mod', ['numeric'], 2, 2, (args) => {
    const d = int('mod', args, 1);
    if (d === 0) throw new FunctionError('mod(): the divisor must not be 0');
    return int('mod', args, 0) % d;
  }),
  eager('float', ['numeric'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return Number(v);
    return wrongType('float', 0, 'a number or a string holding one', v);
  }),
  eager('int', ['numeric'], 1, 1, (args) => {
    const v = arg(args, 0);
    if (typeof v === 'number') return Number.isInteger(v) ? v : notIntOrString(v);
    if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return checked('int', Number(v));
    if (typeof v === 'string') throw new FunctionError(`int(): the string '${v}' is not an integer`);
    if (isObject(v) || Array.isArray(v)) wrongType('int', 0, 'a string or integer', v);
    throw new FunctionError(`int(): cannot convert ${typeName(v)} to an integer`);
  }, { borrowsArgs: true }),
  eager('max', ['array', 'numeric'], 1, Infinity, (args) => maxOf(numbers('max', args)), { handlesUnknown: true }),
  eager('min', ['array', 'numeric'], 1, Infinity, (args) => minOf(numbers('min', args)), { handlesUnknown: true }),
];

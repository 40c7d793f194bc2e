import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The command line every generator takes: `[SHARED_DIR] [--out FILE]`. SHARED_DIR defaults to IL5ML_SHARED,
 * else ../shared beside the checkout; FILE defaults to `defaultOut` (path segments from the repository root).
 */
export function generatorArgs(...defaultOut: string[]): { shared: string; out: string } {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const args = process.argv.slice(2);
  const outFlag = args.indexOf('--out');
  const outArg = outFlag >= 0 ? args[outFlag + 1] : undefined;
  const positional = args.filter((_, i) => i !== outFlag && i !== outFlag + 1);
  const shared = resolve(positional[0] ?? process.env.IL5ML_SHARED ?? join(root, '..', 'shared'));
  return { shared, out: outArg ? resolve(outArg) : join(root, ...defaultOut) };
}

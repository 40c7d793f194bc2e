import type { Graphviz } from '@hpcc-js/wasm-graphviz';

/**
 * Lays a DOT graph out with Graphviz (the `dot` engine) compiled to WebAssembly (@hpcc-js/wasm-graphviz,
 * which embeds the wasm in its JavaScript: nothing is downloaded, it runs on an air-gapped agent) and
 * returns SVG fit to be inlined in HTML: the XML prolog, DOCTYPE (which names a remote DTD) and comments
 * removed, no external reference left. Asynchronous because the module compiles the wasm once. Imported on
 * first use: the package is ESM only, and the CLI's bundle is CommonJS (scripts/bundle-cli.ts), where only
 * `import()` loads ESM on every Node 20.
 */
let loaded: Promise<Graphviz> | undefined;

export async function renderDot(dot: string): Promise<string> {
  loaded ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  const gv = await loaded;
  const svg = gv.dot(dot, 'svg');
  return inlineSvg(svg);
}

/** Drops what an inline SVG does not need and what names a remote resource. */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  return (start >= 0 ? svg.slice(start) : svg)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\s+xmlns:xlink="[^"]*"/g, '')
    .replace(/\s+xmlns="[^"]*"/g, '')
    .trim();
}

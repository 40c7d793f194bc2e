import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { LinkedTemplateLoader } from '../arm/template/types.js';

/** Linked templates resolve from the folder of the template that links them; only local files, nothing fetched. */
export function localLinkedTemplates(cwd: string): LinkedTemplateLoader {
  return (rel, from) => {
    const abs = resolve(cwd, dirname(from), rel);
    try {
      return { file: relative(cwd, abs) || abs, text: readFileSync(abs, 'utf8') };
    } catch {
      return undefined;
    }
  };
}

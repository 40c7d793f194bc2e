/**
 * A key path in the spec and how messages write it. Its own module so that the spec rules (src/validate/)
 * can format paths without loading the YAML reader and the zod schema (src/spec/load.ts): `il5ml plan` with
 * the built-in spec never needs either (issue 12, start-up).
 */
export type SpecPath = readonly (string | number)[];

/** `network.subnets.training`, `policy.exemptions[0].rule` — how paths are written in messages. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Which of the policies given to `--policy` are evaluated. A clone of Azure/azure-policy's
 * `built-in-policies/` (docs/policy-inputs.md) holds 257 sets and some 5,000 definitions: it is a library
 * the DoD IL5 initiative's definitions are found in, not 5,000 things to evaluate. So:
 *
 * - `--initiative NAME` (repeatable) chooses the sets, by display name, GUID or id;
 * - without it every set given is evaluated, unless there are several and the DoD IL5 initiative is
 *   among them: then it alone (the CLI says so on stderr, and how to choose others);
 * - a definition no chosen set references is evaluated alone when no set is chosen, or when it was given to
 *   `--policy` as a file of its own (`alone`); one found in a folder or in a list beside a set is part of
 *   the library (the set's definitions are looked up in it) and is not evaluated.
 *
 * Pure: what the CLI loaded in, what compilePolicies and the validation take out.
 */
import type { Diagnostic } from '../core/diagnostic.js';
import { IL5_INITIATIVE } from '../catalog/il5-initiative.js';
import { definitionKey, type LoadedPolicies, type PolicySet } from './definitions.js';

export interface Chosen {
  /** The chosen sets, the definitions they reference and those evaluated alone. */
  loaded: LoadedPolicies;
  /** For stderr: what was left out and why, when anything was. */
  notes: string[];
  diagnostics: Diagnostic[];
}

function matches(set: PolicySet, wanted: string): boolean {
  const w = wanted.trim().toLowerCase();
  return set.name.toLowerCase() === w || set.id.toLowerCase() === w || set.displayName.toLowerCase() === w;
}

function isIl5(set: PolicySet): boolean {
  return set.name.toLowerCase() === IL5_INITIATIVE.name.toLowerCase();
}

/** `alone`: the GUIDs (lower case) of definitions given to --policy as files of their own. */
export function choosePolicies(loaded: LoadedPolicies, options: { initiatives?: readonly string[]; alone?: ReadonlySet<string> } = {}): Chosen {
  const notes: string[] = [];
  const diagnostics: Diagnostic[] = [];
  let sets: PolicySet[];
  const wanted = options.initiatives ?? [];
  if (wanted.length) {
    sets = loaded.sets.filter((s) => wanted.some((w) => matches(s, w)));
    for (const w of wanted) {
      if (loaded.sets.some((s) => matches(s, w))) continue;
      const like = loaded.sets.filter((s) => s.displayName.toLowerCase().includes(w.trim().toLowerCase())).slice(0, 5);
      diagnostics.push({
        severity: 'error',
        code: 'IL5-POLICY-INITIATIVE',
        message: `--initiative ${JSON.stringify(w)} names none of the ${loaded.sets.length} policy set${loaded.sets.length === 1 ? '' : 's'} given to --policy`,
        fix: like.length
          ? `give a display name, GUID or id exactly, e.g. ${like.map((s) => JSON.stringify(s.displayName)).join(', ')}`
          : `give the display name, GUID or id of a set under --policy (the DoD IL5 initiative: "${IL5_INITIATIVE.displayName}")`,
      });
    }
  } else if (loaded.sets.length > 1 && loaded.sets.some(isIl5)) {
    sets = loaded.sets.filter(isIl5);
    notes.push(
      `--policy gave ${loaded.sets.length} policy sets; evaluating the DoD IL5 initiative alone ('${IL5_INITIATIVE.displayName}', ${IL5_INITIATIVE.name}); --initiative NAME (repeatable) chooses others`,
    );
  } else sets = loaded.sets;

  const referenced = new Set(sets.flatMap((s) => s.policyDefinitions.map((r) => definitionKey(r.policyDefinitionId))));
  const alone = options.alone ?? new Set<string>();
  let library = 0;
  const definitions = loaded.definitions.filter((d) => {
    const key = d.name.toLowerCase();
    if (referenced.has(key) || sets.length === 0 || alone.has(key)) return true;
    library++;
    return false;
  });
  if (library > 0) {
    notes.push(
      `${library} definition${library === 1 ? '' : 's'} under --policy ${library === 1 ? 'is' : 'are'} in no set evaluated and ${library === 1 ? 'is' : 'are'} not evaluated alone (a definition file given to --policy by itself is)`,
    );
  }
  return { loaded: { definitions, sets }, notes, diagnostics };
}

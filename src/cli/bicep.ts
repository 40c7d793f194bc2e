import { UserInputError, type Diagnostic } from '../core/diagnostic.js';
import { BICEP_PARAM_FIX } from './parameters.js';

/**
 * il5ml reads ARM JSON, which is what Bicep compiles to. A Bicep file given where a template is expected
 * gets one error saying how to compile it (`az bicep build --file X` writes X.json; `az bicep build-params
 * --file X.bicepparam` writes the JSON parameters), instead of one "not valid JSON" error per line the JSON
 * parser trips on (https://learn.microsoft.com/cli/azure/bicep, read 2026-12-06). Recognised by the
 * extension, or, for another name, by Bicep's first keywords where JSON would start with { or [.
 */
const BICEP_START = /^\s*(?:\/\/[^\n]*\n\s*)*(targetScope|param|resource|module|var|output|metadata|import|type|func|using|extension|provider)\s/;

export function bicepInputError(file: string, text: string | undefined, what: string): Diagnostic | undefined {
  const isParams = /\.bicepparam$/i.test(file) || (text !== undefined && /^\s*(?:\/\/[^\n]*\n\s*)*using\s/.test(text));
  if (isParams) {
    return { severity: 'error', code: 'IL5-INPUT-BICEP', message: `${file} is a Bicep parameters file, not an ${what}`, fix: BICEP_PARAM_FIX(file), path: file };
  }
  if (/\.bicep$/i.test(file) || (text !== undefined && BICEP_START.test(text))) {
    return {
      severity: 'error',
      code: 'IL5-INPUT-BICEP',
      message: `${file} is Bicep; il5ml reads ARM JSON templates`,
      fix: `compile it first: az bicep build --file ${file} (it writes ${file.replace(/\.bicep$/i, '')}.json), then give the .json`,
      path: file,
    };
  }
  return undefined;
}

/** Throws the one Bicep error for each Bicep file among the inputs (all at once). */
export function refuseBicep(inputs: readonly { path: string; text?: string }[], what: string): void {
  const diags = inputs.map((i) => bicepInputError(i.path, i.text, what)).filter((d): d is Diagnostic => d !== undefined);
  if (diags.length > 0) throw new UserInputError(diags);
}

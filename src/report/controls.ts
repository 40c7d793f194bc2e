import { NIST_CATALOG, NIST_CONTROL_IDS, NIST_CONTROLS, NIST_FAMILIES } from '../catalog/nist-800-53-rev4.generated.js';
import type { Source } from '../core/fact.js';

/**
 * NIST SP 800-53 rev. 4 controls, as the DoD IL5 initiative groups its definitions (`DoD_IL5_R4_SC-7(3)`)
 * and as baseline rules name them (`SC-7(3)`). Titles and statements are generated from NIST's OSCAL
 * catalog by scripts/gen-nist-controls.ts.
 */
export const NIST_SOURCE: Source = {
  url: 'https://github.com/usnistgov/oscal-content/blob/88bb8de/nist.gov/SP800-53/rev4/json/NIST_SP-800-53_rev4_catalog-min.json',
  read: '2026-12-06',
  note: 'generated into src/catalog/nist-800-53-rev4.generated.ts by scripts/gen-nist-controls.ts',
};

export { NIST_CATALOG };

export interface Control {
  /** `SC-7(3)` */
  label: string;
  /** OSCAL control id, `sc-7.3` */
  id: string;
  title: string;
  statement: string;
  family: string;
}

const BY_LABEL = new Map(NIST_CONTROLS.map(([label, id, title, statement]) => [label, { label, id, title, statement }]));
const FAMILIES = new Map(NIST_FAMILIES);

/** `DoD_IL5_R4_AC-2(1)` or `AC-2(1)` → `AC-2(1)`; a group name of another form stays as it is. */
export function controlId(group: string): string {
  const m = /(?:^|_)([A-Z]{2,3}-\d+(?:\(\d+\))?)$/.exec(group);
  return m?.[1] ?? group;
}

/** The control a group names, when it is one of the catalog's. */
export function controlOf(group: string): Control | undefined {
  const c = BY_LABEL.get(controlId(group));
  if (!c) return undefined;
  return { ...c, family: FAMILIES.get(c.label.slice(0, 2)) ?? '' };
}

/** `SC-7(3)` → `sc-7.3`, the OSCAL form, also for a control outside the generated subset. */
export function oscalControlId(label: string): string {
  return label.toLowerCase().replace(/\((\d+)\)/g, '.$1');
}

const CATALOG_IDS = new Set(NIST_CONTROL_IDS);

/**
 * The catalog's id of a roll-up label (`SC-7(3)` → `sc-7.3`), or undefined when the label is no control of
 * the NIST SP 800-53 rev. 4 catalog: a group of another set (the Microsoft cloud security benchmark's
 * `NS-2`, CIS's `CIS_Azure_2.0.0_3.1`), a custom set's `Network Security`, a rev. 5-only control.
 */
export function catalogControlId(label: string): string | undefined {
  const id = oscalControlId(label);
  return CATALOG_IDS.has(id) ? id : undefined;
}

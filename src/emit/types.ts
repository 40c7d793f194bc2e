import type { Source } from '../core/fact.js';
import type { Spec } from '../spec/schema.js';

/** Runbook steps (../shared/seeds/000_3d730467459d448a.txt) plus the DNS and policy parts of the plan. */
export type RunbookStep = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'DNS';

/** A resource declaration as it stands in azuredeploy.json: values may be ARM expressions ("[...]"). */
export interface ArmResourceDecl {
  type: string;
  apiVersion: string;
  name: string;
  location?: string;
  scope?: string;
  tags?: Record<string, unknown> | string;
  sku?: Record<string, unknown>;
  kind?: string;
  identity?: Record<string, unknown>;
  zones?: unknown;
  properties?: Record<string, unknown>;
  dependsOn?: string[];
  [key: string]: unknown;
}

export interface ArmParameterDecl {
  type: 'string' | 'securestring' | 'int' | 'bool' | 'object' | 'secureObject' | 'array';
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minLength?: number;
  maxLength?: number;
  metadata?: { description: string };
}

/** Something the plan does differently from the 2022 runbook, with the reason and its source. */
export interface Deviation {
  step: RunbookStep;
  /** What the runbook says. */
  runbook: string;
  /** What the plan does instead. */
  plan: string;
  reason: string;
  source: Source;
}

/** One line of plan.md's "what is created and why" for a step. */
export interface PlanNote {
  step: RunbookStep;
  what: string;
  why: string;
}

/**
 * What one emitter contributes to the plan; the assembler merges fragments in step order. A fragment
 * may also attach route tables and NSG rules to subnets (`AttachingFragment`, src/emit/attachments.ts).
 */
export interface EmitFragment {
  step: RunbookStep;
  resources: ArmResourceDecl[];
  parameters?: Record<string, ArmParameterDecl>;
  variables?: Record<string, unknown>;
  outputs?: Record<string, { type: string; value: unknown }>;
  notes: PlanNote[];
  deviations: Deviation[];
}

export type Emitter = (spec: Spec) => EmitFragment;

import type { Spec } from '../spec/schema.js';
import { resourceNames } from '../spec/names.js';
import { localLogAnalytics } from '../spec/topology.js';
import { resourceIdExpr } from './arm.js';

/**
 * The Log Analytics workspace every diagnostic setting sends to: the plan's own, or, with
 * monitoring.logAnalyticsWorkspaceId (a Mission Landing Zone hub's), that one, which the plan neither creates
 * nor waits for (a dependsOn may only name resources of this template).
 */
export function logAnalyticsIdExpr(spec: Spec): string {
  return spec.monitoring.logAnalyticsWorkspaceId ?? resourceIdExpr('Microsoft.OperationalInsights/workspaces', resourceNames(spec).logAnalytics);
}

export function logAnalyticsDependsOn(spec: Spec): string[] {
  return localLogAnalytics(spec) ? [logAnalyticsIdExpr(spec)] : [];
}

/** The workspace's name for plan.md: the local name, or the last segment of the given ID. */
export function logAnalyticsDisplayName(spec: Spec): string {
  const id = spec.monitoring.logAnalyticsWorkspaceId;
  return id === undefined ? resourceNames(spec).logAnalytics : (id.split('/').pop() ?? id);
}

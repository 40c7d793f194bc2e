import type { AzureResource } from '../../core/resource.js';
import { isUnknown } from '../../core/unknown.js';
import { examples } from '../examples.js';
import type { BaselineRule } from '../types.js';

/**
 * Property names that hold a secret when they hold literal text. Anchored at the end so that
 * disablePasswordAuthentication, secretPermissions or keyVaultUri do not match.
 */
const SECRET_NAME = /(password|passwd|secret|clientsecret|connectionstring|accountkey|accesskey|sharedaccesskey|primarykey|secondarykey|apikey|sastoken|privatekey)$/i;

/** Text that is a secret wherever it appears. */
const SECRET_TEXT: readonly { what: string; re: RegExp }[] = [
  { what: 'a storage connection string with an account key', re: /AccountKey=[A-Za-z0-9+/]{20,}/i },
  { what: 'a connection string with a shared access key', re: /SharedAccessKey=[A-Za-z0-9+/]{20,}/i },
  { what: 'a shared access signature', re: /[?&]sig=[A-Za-z0-9%+/]{20,}/i },
  { what: 'a private key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/ },
  { what: 'a connection string with a password', re: /(?:^|;)\s*(?:Password|Pwd)\s*=\s*[^;\s]+/i },
];

/** A Key Vault reference is where a secret should be: not a finding. */
const VAULT_REFERENCE = /^@Microsoft\.KeyVault\(|^https:\/\/[a-z0-9-]+\.vault\.(?:usgovcloudapi\.net|azure\.net)\/secrets\//i;

interface Finding {
  path: string;
  what: string;
}

/**
 * Where a value is: a chain from the root, written out only for a finding (most values are none, and a
 * plan's check scans every property of every resource once, on cold code: issue 12, start-up).
 */
type Where = { root: string } | { parent: Where; key: string } | { parent: Where; index: number };

function pathOf(w: Where): string {
  if ('root' in w) return w.root;
  const parent = pathOf(w.parent);
  if ('index' in w) return `${parent}[${w.index}]`;
  return parent ? `${parent}.${w.key}` : w.key;
}

function scan(v: unknown, where: Where, key: string, out: Finding[]): void {
  if (isUnknown(v) || v === null || v === undefined) return;
  if (typeof v === 'string') {
    if (v.trim() === '' || VAULT_REFERENCE.test(v)) return;
    if (SECRET_NAME.test(key)) {
      out.push({ path: pathOf(where), what: `a literal value in a property named ${key}` });
      return;
    }
    const hit = SECRET_TEXT.find((p) => p.re.test(v));
    if (hit) out.push({ path: pathOf(where), what: hit.what });
    return;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) scan(v[i], { parent: where, index: i }, key, out);
    return;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) scan(o[k], { parent: where, key: k }, k, out);
  }
}

export const rule: BaselineRule = {
  id: 'IL5-SEC-001',
  name: 'IL5.Template.NoLiteralSecrets',
  synopsis: 'No password, key, connection string or other secret is written as literal text in a resource.',
  rationale:
    'Template and resource JSON is stored in deployment history, source control and build logs, where anyone with read access sees it. Secrets belong in securestring parameters without defaults or Key Vault references, which the template engine keeps as Unknown.',
  severity: 'high',
  runbookStep: 'G',
  controls: ['IA-5', 'IA-5(7)', 'SC-28'],
  resourceTypes: ['*'],
  reads: [],
  effect: 'audit',
  remediation: {
    property: 'the property named in the reason',
    text: 'Pass the value as a securestring parameter with no default (or a Key Vault reference in the parameters file), and rotate the secret that was exposed.',
  },
  links: [
    'https://learn.microsoft.com/azure/azure-resource-manager/templates/key-vault-parameter',
    'https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#parameters',
  ],
  example: [examples.virtualMachine()],
  evaluate(r: AzureResource) {
    const out: Finding[] = [];
    scan(r.properties, { root: 'properties' }, 'properties', out);
    scan(r.tags, { root: 'tags' }, 'tags', out);
    // A Key Vault secret's value is a secret by definition.
    if (r.type.toLowerCase() === 'microsoft.keyvault/vaults/secrets' && out.every((f) => f.path !== 'properties.value')) {
      const value = (r.properties as { value?: unknown } | undefined)?.value;
      if (typeof value === 'string' && value !== '') out.push({ path: 'properties.value', what: 'a literal Key Vault secret value' });
    }
    if (out.length === 0) return { compliance: 'Compliant', reason: 'no secret-looking literal in properties or tags' };
    // Never echo the secret itself: the report may be shared more widely than the template.
    return { compliance: 'NonCompliant', reason: out.map((f) => `${f.path}: ${f.what}`).join('; ') };
  },
};

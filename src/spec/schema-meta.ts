import { ALL_DNS_ZONES } from '../catalog/dns-zones.js';
import { amlRegions } from '../catalog/regions.js';
import { WINDOWS_TIME_ZONE_IDS } from '../catalog/time-zones.js';

/**
 * JSON Schema keywords for the spec's editor schema (schema/il5ml.spec.schema.json), attached with zod's
 * `.meta()`: they appear in the generated JSON Schema only and do not change how zod parses. The value
 * rules themselves stay in src/validate/ (one a file, all errors at once, with a fix); these mirror them
 * so that an editor flags what the CLI would, and test/spec/json-schema-meta.test.ts checks that each
 * keyword here and its rule agree (a value the schema refuses, the CLI refuses too).
 */

/** IPv4 CIDR: four octets 0-255 and a prefix length 0-32 (host bits are the cidr-format rule's concern). */
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
export const CIDR_PATTERN = `^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?[0-9])$`;

/** ISO 8601 durations as Key Vault rotation and Azure ML take them: P90D, P1Y, PT30M, P1DT12H. */
export const DURATION_PATTERN = '^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$';

export const META = {
  cidr: { pattern: CIDR_PATTERN },
  duration: { pattern: DURATION_PATTERN },
  /** src/validate/rules/prefix.ts: 2-8 lowercase letters and digits, starting with a letter. */
  prefix: { pattern: '^[a-z][a-z0-9]{1,7}$', minLength: 2, maxLength: 8 },
  /** src/validate/rules/region.ts: the Azure Government regions that offer Azure Machine Learning. */
  region: { enum: amlRegions().map((r) => r.name) },
  /** src/validate/rules/key-size.ts */
  keySize: { enum: [2048, 3072, 4096] },
  /** src/validate/rules/soft-delete-retention.ts */
  softDeleteRetentionDays: { minimum: 7, maximum: 90 },
  /** src/validate/rules/log-retention.ts */
  retentionDays: { minimum: 30, maximum: 730 },
  /** src/validate/rules/cluster-nodes.ts */
  minNodes: { minimum: 0 },
  maxNodes: { minimum: 1 },
  /** src/validate/rules/shutdown-time.ts: HHmm, 0000-2359. */
  shutdownTime: { pattern: '^([01][0-9]|2[0-3])[0-5][0-9]$' },
  /** src/validate/rules/shutdown-time.ts: a Windows time zone ID (src/catalog/time-zones.ts). */
  timeZone: { enum: [...WINDOWS_TIME_ZONE_IDS] },
  /** src/validate/rules/exemptions.ts: a calendar date YYYY-MM-DD. */
  date: { format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
  /** src/spec/schema.ts ExemptionSchema: rule or its alias policyDefinitionId, exactly one; resource and resourceId not both. */
  exemptionKeys: {
    oneOf: [{ required: ['rule'] }, { required: ['policyDefinitionId'] }],
    not: { required: ['resource', 'resourceId'] },
  },
  /** src/validate/rules/tags.ts: at most 50 tags (49 with the jump box, which the rule checks). */
  tags: { maxProperties: 50 },
  /** src/validate/rules/tags.ts: a tag name has up to 512 characters, none of < > % & \ ? / */
  tagName: { pattern: '^[^<>%&\\\\?/]*$', maxLength: 512 },
  /** src/validate/rules/tags.ts: a tag value has up to 256 characters. */
  tagValue: { maxLength: 256 },
  /** src/validate/rules/dns-zone-ids.ts: keys are the private DNS zones of the plan. */
  zoneNames: { propertyNames: { enum: ALL_DNS_ZONES.map((z) => z.zone) } },
} as const;

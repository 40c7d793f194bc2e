import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { splitType, templateApiVersions } from '../../src/emit/deploy-preflight.js';
import { buildPlan } from '../../src/emit/plan.js';
// After plan.js: deploy-sh.js is in plan.js's import cycle, which must start from plan.js.
import { recreatableGrants } from '../../src/emit/deploy-sh.js';
import type { ArmResourceDecl } from '../../src/emit/types.js';
import { defaultSpec } from '../../src/spec/load.js';
import { specFrom } from './specs.js';

/** The current principals the stub gives the user-assigned identities and the workspace's system-assigned identity. */
const ID_WORKSPACE = 'c1c1c1c1-0000-4000-8000-000000000001';
const ID_IMAGEBUILD = 'c2c2c2c2-0000-4000-8000-000000000002';
const WORKSPACE_PRINCIPAL = 'c3c3c3c3-0000-4000-8000-000000000003';

/**
 * Runs the generated deploy.sh with bash against a stub `az` that records its arguments and copies every
 * `--parameters @file` it is given, so the script's flow and its handling of the password can be checked
 * without Azure.
 */
const STUB_AZ = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$AZ_LOG"
prev=""
for a in "$@"; do
  if [ "$prev" = "--parameters" ] && [ "\${a#@}" != "$a" ]; then
    f="\${a#@}"; n=$(ls "$AZ_FILES" | wc -l); cp "$f" "$AZ_FILES/$n.json"
  fi
  prev="$a"
done
case "$*" in
  "rest --method post"*) [ -n "\${AZ_FAIL_REST:-}" ] && exit 1 ;;
esac
case "$*" in
  "feature show"*) echo "\${AZ_FEATURE_STATE:-Registered}" ;;
  "cloud show"*) echo "\${AZ_CLOUD:-}" ;;
  "account show --subscription"*) [ -n "\${AZ_NO_SUBSCRIPTION:-}" ] && exit 1; echo "Test subscription" ;;
  "provider show --namespace "*"--query registrationState"*) echo "\${AZ_PROVIDER_STATE:-Registered}" ;;
  "provider show --namespace "*) cat "$AZ_PROVIDERS/$4.tsv" 2>/dev/null ;;
  "rest --method get"*"/vmSizes?"*) printf '%b\\n' "$AZ_AML_SIZES" ;;
  "rest --method get"*"/usages?"*) printf '%b\\n' "$AZ_AML_USAGE" ;;
  "vm list-skus"*"hostGroups/hosts"*) printf '%b\\n' "$AZ_HOST_SKUS" ;;
  "vm list-skus"*) printf '%b\\n' "$AZ_VM_SKUS" ;;
  "vm list-usage"*) printf '%b\\n' "$AZ_VM_USAGE" ;;
  "ad sp show"*) echo 11111111-2222-3333-4444-555555555555 ;;
  "group exists"*) echo "\${AZ_GROUP_EXISTS:-true}" ;;
  "acr list"*) [ -n "\${AZ_ACR_FAIL:-}" ] && exit 1; echo "\${AZ_REGISTRY-il5mlcrabc}" ;;
  "acr show"*) [ -n "\${AZ_ACR_SHOW_FAIL:-}" ] && exit 1; echo "\${AZ_REGISTRY_PRINCIPAL-99999999-8888-7777-6666-555555555555}" ;;
  # il5ml's grants in the subscription as the description query returns them (AZ_GRANTS: id<TAB>principalId<TAB>identity lines).
  "role assignment list --all"*) [ -n "\${AZ_GRANTS_FAIL:-}" ] && exit 1; printf '%b' "\${AZ_GRANTS:-}" ;;
  # The user-assigned identities of the group (name<TAB>principalId lines).
  "identity list"*) [ -n "\${AZ_IDENTITY_LIST_FAIL:-}" ] && exit 1; printf '%b' "\${AZ_IDENTITIES-il5ml-id-workspace\\t${ID_WORKSPACE}\\nil5ml-id-imagebuild\\t${ID_IMAGEBUILD}\\n}" ;;
  "resource list"*"identity.principalId"*) [ -n "\${AZ_WORKSPACE_PRINCIPAL_FAIL:-}" ] && exit 1; echo "\${AZ_WORKSPACE_PRINCIPAL-${WORKSPACE_PRINCIPAL}}" ;;
  # How many role assignments of the key role the registry's system identity holds on the key (1: granted).
  "role assignment list"*) [ -n "\${AZ_ROLE_LIST_FAIL:-}" ] && exit 1; echo "\${AZ_REGISTRY_GRANTS-1}" ;;
  "role assignment delete"*) [ -n "\${AZ_ROLE_DELETE_FAIL:-}" ] && exit 1 ;;
  "deployment group show "*"properties.provisioningState"*) echo "\${AZ_DEPLOYMENT_STATE:-Failed}" ;;
  "deployment group show "*) [ -n "\${AZ_SHOW_FAIL:-}" ] && exit 1; echo "\${AZ_INSTANCE_NAME-il5ml-ciabc}" ;;
  # The deployments of the group that have not ended (AZ_IN_FLIGHT, one name a line).
  "deployment group list"*) [ -n "\${AZ_DEPLOYMENT_LIST_FAIL:-}" ] && exit 1; printf '%b' "\${AZ_IN_FLIGHT:-}" ;;
  "deployment group cancel"*) [ -n "\${AZ_CANCEL_FAIL:-}" ] && exit 1 ;;
  "resource list"*"MachineLearningServices/workspaces"*) [ -n "\${AZ_RESOURCE_LIST_FAIL:-}" ] && exit 1; if [ -f "$AZ_FILES/.workspace" ]; then echo 1; else echo "\${AZ_WORKSPACES:-0}"; fi ;;
  "resource show"*"MachineLearningServices/workspaces"*) [ -n "\${AZ_RESOURCE_SHOW_FAIL:-}" ] && exit 1; echo "\${AZ_WORKSPACE_KEY:-}" ;;
  "keyvault list"*) [ -n "\${AZ_KV_LIST_FAIL:-}" ] && exit 1; echo "\${AZ_VAULT-il5mlkvabc}" ;;
  "keyvault update"*) [ -n "\${AZ_KV_UPDATE_FAIL:-}" ] && exit 1 ;;
  "deployment group create"*)
    # AZ_CREATE_FAIL_PASS=1 fails the first pass (registryCmkBootstrap=true), 2 every other create.
    case "\${AZ_CREATE_FAIL_PASS:-}:$*" in
      1:*registryCmkBootstrap=true*) echo "ERROR: (InvalidTemplateDeployment) quota" >&2; exit 1 ;;
      2:*registryCmkBootstrap=true*) ;;
      2:*) echo "ERROR: (InvalidTemplateDeployment) quota" >&2; exit 1 ;;
    esac
    # AZ_CREATE_INTERRUPT_PASS=1: the run is interrupted (SIGTERM, as a closed session or a cancelled job) during pass 1.
    case "\${AZ_CREATE_INTERRUPT_PASS:-}:$*" in 1:*registryCmkBootstrap=true*) kill -TERM "$PPID"; exit 143 ;; esac
    # AZ_PASS1_CREATES_WORKSPACE=1: the workspace exists once pass 1 has run.
    case "\${AZ_PASS1_CREATES_WORKSPACE:-}:$*" in 1:*registryCmkBootstrap=true*) touch "$AZ_FILES/.workspace" ;; esac
    if [ -n "\${AZ_CREATE_FAIL_ONCE:-}" ] && [ ! -f "$AZ_FILES/.failed" ]; then
      touch "$AZ_FILES/.failed"; echo "ERROR: (PrincipalNotFound) Principal 1234 does not exist in the directory" >&2; exit 1
    fi ;;
esac
exit 0
`;

/** What the stub answers by default (tab-separated as az --output tsv prints): the default plan's sizes offered, quota to spare. */
const OFFERED: Record<string, string> = {
  AZ_AML_SIZES: 'Standard_DS3_v2\\tstandardDSv2Family\\t4',
  AZ_AML_USAGE: 'standardDSv2Family\\t0\\t100',
  AZ_VM_SKUS: 'Standard_D4s_v5\\tstandardDSv5Family\\t4',
  AZ_HOST_SKUS: 'Dsv5-Type1\\tstandardDSv5Family\\t96',
  AZ_VM_USAGE: 'standardDSv5Family\\t0\\t200',
};

const SUB = '0a1b2c3d-0000-4000-8000-00000000abcd';
const PASSWORD = { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1' };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The providers' answers (type, versions, locations), from the template itself; `drop` takes one version away. */
function writeProviders(dir: string, resources: readonly ArmResourceDecl[], drop?: string): void {
  const byNs = new Map<string, string[]>();
  for (const { type, apiVersion } of templateApiVersions(resources)) {
    const [ns, rest] = splitType(type);
    const versions = `${type}@${apiVersion}` === drop ? '2019-01-01' : apiVersion;
    byNs.set(ns, [...(byNs.get(ns) ?? []), `${rest}\t${versions}\tUSGov Virginia,USGov Arizona`]);
  }
  for (const [ns, rows] of byNs) writeFileSync(join(dir, `${ns}.tsv`), `${rows.join('\n')}\n`);
}

function setup(opts: { drop?: string } = {}): { dir: string; bin: string; log: string; files: string; providers: string } {
  const dir = mkdtempSync(join(tmpdir(), 'il5ml-deploy-'));
  dirs.push(dir);
  const plan = buildPlan(defaultSpec());
  for (const [name, text] of plan.files()) writeFileSync(join(dir, name), text);
  const bin = join(dir, 'bin');
  const files = join(dir, 'captured');
  const providers = join(dir, 'providers');
  spawnSync('mkdir', ['-p', bin, files, providers]);
  writeProviders(providers, plan.template.resources, opts.drop);
  writeFileSync(join(bin, 'az'), STUB_AZ);
  chmodSync(join(bin, 'az'), 0o755);
  return { dir, bin, log: join(dir, 'az.log'), files, providers };
}

function run(s: ReturnType<typeof setup>, env: Record<string, string>): { code: number; out: string } {
  const r = spawnSync('bash', [join(s.dir, 'deploy.sh')], {
    cwd: s.dir,
    env: {
      PATH: `${s.bin}:${process.env.PATH ?? ''}`,
      AZ_LOG: s.log,
      AZ_FILES: s.files,
      AZ_PROVIDERS: s.providers,
      TMPDIR: s.dir,
      HOME: s.dir,
      IL5ML_SUBSCRIPTION_ID: SUB,
      ...OFFERED,
      ...env,
    },
    encoding: 'utf8',
    input: '',
  });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

describe('recreatableGrants (STALE_ROLE_ASSIGNMENTS)', () => {
  it("matches every role assignment of the default plan to its identity, the Cosmos DB first party's aside", () => {
    const spec = defaultSpec();
    const grants = recreatableGrants(spec, buildPlan(spec).template);
    expect([...grants.keys()].sort()).toEqual(['il5ml-id-imagebuild', 'il5ml-id-workspace', 'il5ml-mlw (system-assigned)', 'il5mlcr<uniqueString> (system-assigned)']);
    expect(grants.get('il5ml-mlw (system-assigned)')).toHaveLength(2);
    expect(grants.get('il5ml-id-imagebuild')).toHaveLength(2);
  });

  it('refuses a role assignment for an identity it cannot look up, so a grant added later cannot escape the check', () => {
    const spec = defaultSpec();
    const template = buildPlan(spec).template;
    const jumpBoxGrant: ArmResourceDecl = {
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: "[guid('x')]",
      properties: { principalId: "[reference(resourceId('Microsoft.Compute/virtualMachines', 'il5ml-jumpbox'), '2024-07-01', 'full').identity.principalId]", description: 'jump box' },
    };
    expect(() => recreatableGrants(spec, { ...template, resources: [...template.resources, jumpBoxGrant] })).toThrow(/not one deploy.sh can match to an identity/);
  });
});

describe('deploy.sh against a stub az', () => {
  it('is valid bash', () => {
    const s = setup();
    expect(spawnSync('bash', ['-n', join(s.dir, 'deploy.sh')]).status).toBe(0);
  });

  it('runs cloud set, group create, what-if, create (Incremental), idle shutdown, in that order', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GROUP_EXISTS: 'false' });
    expect(r.code, r.out).toBe(0);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    const order = ['cloud set --name AzureUSGovernment', 'provider show', 'ad sp show', 'group create', 'deployment group what-if', 'deployment group create', 'rest --method post'];
    const at = order.map((c) => calls.findIndex((line) => line.startsWith(c)));
    expect(at.every((i) => i >= 0), calls.join('\n')).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const create = calls.find((l) => l.startsWith('deployment group create')) ?? '';
    expect(create).toContain('--mode Incremental');
    // Pinned subscription, the Cosmos DB principal resolved in the tenant, the workspace key version (none yet).
    expect(create).toContain(`--subscription ${SUB}`);
    expect(create).toContain('--parameters cosmosDbPrincipalObjectId=11111111-2222-3333-4444-555555555555');
    expect(create).toContain('--parameters workspaceKeyIdentifier=');
    for (const l of calls.filter((c) => /^(group create|deployment group|provider|vm |feature|resource show)/.test(c))) expect(l, l).toContain(`--subscription ${SUB}`);
  });

  it.skipIf(!existsSync('/usr/bin/dash'))('run with sh (dash): exits 2 saying to run it with bash, before calling az', () => {
    const s = setup();
    const r = spawnSync('/usr/bin/dash', [join(s.dir, 'deploy.sh')], {
      cwd: s.dir,
      env: { PATH: `${s.bin}:${process.env.PATH ?? ''}`, AZ_LOG: s.log, IL5ML_SUBSCRIPTION_ID: SUB, ...PASSWORD },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('deploy.sh: run it with bash (bash deploy.sh, or ./deploy.sh), not sh: it is a bash script\n');
    expect(existsSync(s.log)).toBe(false);
  });

  it('without IL5ML_SUBSCRIPTION_ID: exits 2 naming it, before calling az', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, IL5ML_SUBSCRIPTION_ID: '' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('set IL5ML_SUBSCRIPTION_ID');
    expect(existsSync(s.log)).toBe(false);
  });

  it('a subscription this sign-in cannot reach: exits 2 before creating anything', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_NO_SUBSCRIPTION: '1' });
    expect(r.code).toBe(2);
    expect(r.out).toContain(`subscription ${SUB} is not reachable`);
    expect(readFileSync(s.log, 'utf8')).not.toContain('group create');
  });

  it("switches the CLI's cloud for the run only, says so, and switches it back", () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_CLOUD: 'AzureCloud' });
    expect(r.code, r.out).toBe(0);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    expect(calls.filter((c) => c.startsWith('cloud set'))).toEqual(['cloud set --name AzureUSGovernment', 'cloud set --name AzureCloud']);
    expect(calls[calls.length - 1]).toBe('cloud set --name AzureCloud');
    expect(r.out).toContain('switching it to AzureUSGovernment for this run');
    expect(r.out).toContain('back on cloud AzureCloud');
  });

  it('registers a provider that is not registered, with --wait', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_PROVIDER_STATE: 'NotRegistered' });
    expect(r.code, r.out).toBe(0);
    const log = readFileSync(s.log, 'utf8');
    for (const ns of ['Microsoft.DocumentDB', 'Microsoft.Search', 'Microsoft.MachineLearningServices', 'Microsoft.GuestConfiguration']) {
      expect(log).toContain(`provider register --namespace ${ns} --subscription ${SUB} --wait`);
    }
  });

  it.each([
    ['an apiVersion the cloud does not offer', { drop: 'Microsoft.KeyVault/vaults@2024-11-01' }, {}, ['Microsoft.KeyVault/vaults apiVersion 2024-11-01 is not offered', 'Spec key: region']],
    [
      'a cluster and instance size not offered to Azure ML',
      {},
      { AZ_AML_SIZES: 'Standard_D2_v3\\tstandardDv3Family\\t2' },
      ['VM size Standard_DS3_v2 is not offered in usgovvirginia (spec key: compute.cluster.vmSize, compute.cluster.maxNodes)', 'spec key: compute.instance.vmSize)'],
    ],
    [
      'Azure ML quota short of the cluster at its maximum plus the instance',
      {},
      { AZ_AML_USAGE: 'standardDSv2Family\\t4\\t16' },
      ['Azure ML compute quota of standardDSv2Family in usgovvirginia: 20 vCPUs needed, 12 free of 16 (spec key: compute.cluster.vmSize, compute.cluster.maxNodes, compute.instance.vmSize'],
    ],
    ['a host SKU not offered (or restricted) in the region', {}, { AZ_HOST_SKUS: '' }, ['VM size Dsv5-Type1 is not offered in usgovvirginia (spec key: jumpBox.dedicatedHostSku)']],
    [
      'VM quota short of the whole dedicated host',
      {},
      { AZ_VM_USAGE: 'standardDSv5Family\\t10\\t100' },
      ['Virtual machine quota of standardDSv5Family in usgovvirginia: 96 vCPUs needed, 90 free of 100 (spec key: jumpBox.vmSize, jumpBox.dedicatedHostSku'],
    ],
  ])('stops before creating anything on %s, naming the spec key', (_name, opts, env, messages) => {
    const s = setup(opts);
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('nothing was created');
    for (const m of messages) expect(r.out).toContain(m);
    expect(readFileSync(s.log, 'utf8')).not.toContain('group create');
  });

  it('retries the create on the role-propagation error, and succeeds', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_CREATE_FAIL_ONCE: '1', IL5ML_RETRY_SECONDS: '0' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('may still be propagating; retrying');
    expect(readFileSync(s.log, 'utf8').split('\n').filter((l) => l.startsWith('deployment group create'))).toHaveLength(2);
  });

  // The registry's customer-managed key behind the vault's firewall (REGISTRY_CMK_FIREWALL): two passes while the
  // resource group holds no registry of the plan, the first opening the vault; one pass afterwards.
  it.each([
    ['a new resource group', { AZ_GROUP_EXISTS: 'false' }, ['true', 'false']],
    ['a resource group without the registry', { AZ_REGISTRY: '' }, ['true', 'false']],
    ['a re-run (the registry exists)', {}, ['false']],
  ] as [string, Record<string, string>, string[]][])('%s: passes %j of registryCmkBootstrap', (_name, env, passes) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(0);
    const creates = readFileSync(s.log, 'utf8').split('\n').filter((l) => l.startsWith('deployment group create'));
    expect(creates.map((l) => (l.includes('--parameters registryCmkBootstrap=true') ? 'true' : 'false'))).toEqual(passes);
    if (passes.length === 2) expect(r.out).toContain('pass 1 of 2 creates the registry with its key, the vault open');
  });

  // REGISTRY_CMK_FIREWALL.grantCheck: a first deployment that stopped after the registry was created and before its
  // system-assigned identity held the key role leaves a registry behind; pass 2 alone would move it to that
  // identity without the grant, on this run and every later one. Each interruption point converges.
  it.each([
    ['pass 1 stopped before the grant (the registry has no role on the key)', { AZ_REGISTRY_GRANTS: '0' }, ['true', 'false'], true],
    ['pass 1 stopped before the registry had a system-assigned identity', { AZ_REGISTRY_PRINCIPAL: '' }, ['true', 'false'], false],
    ['the vault of the plan is gone (no key to hold a role on)', { AZ_VAULT: '' }, ['true', 'false'], false],
    ['pass 1 finished, pass 2 did not (the grant is there)', { AZ_REGISTRY_GRANTS: '1' }, ['false'], true],
  ] as [string, Record<string, string>, string[], boolean][])('re-run after an interrupted first deployment, %s: passes %j', (_name, env, passes, listed) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(0);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    const creates = calls.filter((l) => l.startsWith('deployment group create'));
    expect(creates.map((l) => (l.includes('--parameters registryCmkBootstrap=true') ? 'true' : 'false'))).toEqual(passes);
    expect(calls.filter((l) => l.startsWith('acr show'))).toEqual([`acr show --subscription ${SUB} --resource-group il5ml-rg --name il5mlcrabc --query identity.principalId --output tsv`]);
    const lists = calls.filter((l) => l.startsWith('role assignment list') && l.includes('--include-inherited'));
    if (listed) {
      // The key role (Key Vault Crypto Service Encryption User) at the key's scope or above, for this principal.
      expect(lists).toEqual([
        `role assignment list --subscription ${SUB} --scope /subscriptions/${SUB}/resourceGroups/il5ml-rg/providers/Microsoft.KeyVault/vaults/il5mlkvabc/keys/il5ml-cmk --role e147488a-f6f5-4113-8e2d-b22465e65bf6 --include-inherited --query length([?principalId=='99999999-8888-7777-6666-555555555555']) --output tsv`,
      ]);
    } else {
      expect(lists).toEqual([]);
    }
    // Decided before what-if: the approval shows the pass that runs first.
    const whatIf = calls.find((l) => l.startsWith('deployment group what-if')) ?? '';
    expect(whatIf.includes('registryCmkBootstrap=true')).toBe(passes.length === 2);
    if (passes.length === 2) {
      expect(r.out).toContain('pass 1 of 2 creates the registry with its key, the vault open');
      if (env.AZ_REGISTRY_GRANTS === '0') expect(r.out).toContain('registry il5mlcrabc exists, but its system-assigned identity does not hold Key Vault Crypto Service Encryption User on key il5ml-cmk');
    } else {
      expect(r.out).not.toContain('pass 1 runs again');
    }
  });

  // STALE_ROLE_ASSIGNMENTS: an identity deleted (and maybe created again) leaves il5ml's grant under the same name
  // with the old principal; Resource Manager refuses to change a role assignment's principal
  // (RoleAssignmentUpdateNotPermitted), so deploy.sh deletes that grant after approval, before the deployment.
  const RG_ID = `/subscriptions/${SUB}/resourceGroups/il5ml-rg`;
  const grant = (scope: string, name: string): string => `${RG_ID}/providers/${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const KEY_GRANT = grant('Microsoft.KeyVault/vaults/il5mlkvabc/keys/il5ml-cmk', '0a0a0a0a-1111-2222-3333-444444444444');
  const PE_GRANT = grant('Microsoft.Network/privateEndpoints/il5ml-pe-st-blob', '0b0b0b0b-1111-2222-3333-444444444444');
  const BLOB_GRANT = grant('Microsoft.Storage/storageAccounts/il5mlstabc', '0c0c0c0c-1111-2222-3333-444444444444');
  const UAI_KEY_GRANT = grant('Microsoft.KeyVault/vaults/il5mlkvabc/keys/il5ml-cmk', '0d0d0d0d-1111-2222-3333-444444444444');
  const PULL_GRANT = grant('Microsoft.ContainerRegistry/registries/il5mlcrabc', '0e0e0e0e-1111-2222-3333-444444444444');
  const OLD = '12121212-3434-5656-7878-909090909090';
  const REGISTRY_PRINCIPAL = '99999999-8888-7777-6666-555555555555';
  const REGISTRY_KEY = 'il5mlcr<uniqueString> (system-assigned)';
  const WORKSPACE_KEY = 'il5ml-mlw (system-assigned)';
  const lines = (...rows: string[][]): string => rows.map((r) => `${r.join('\\t')}\\n`).join('');
  /** Every grant il5ml made, each held by its identity's current principal (in upper case, as a GUID may come back). */
  const CURRENT = [
    [KEY_GRANT, REGISTRY_PRINCIPAL, REGISTRY_KEY],
    [PE_GRANT, WORKSPACE_PRINCIPAL.toUpperCase(), WORKSPACE_KEY],
    [BLOB_GRANT, WORKSPACE_PRINCIPAL, WORKSPACE_KEY],
    [UAI_KEY_GRANT, ID_WORKSPACE, 'il5ml-id-workspace'],
    [PULL_GRANT, ID_IMAGEBUILD, 'il5ml-id-imagebuild'],
  ];
  const stale = (id: string, key: string): string[] => [id, OLD, key];
  it.each([
    ['the registry was deleted and created again (a new principal)', { AZ_GRANTS: lines(stale(KEY_GRANT, REGISTRY_KEY), ...CURRENT.slice(1)), AZ_REGISTRY_GRANTS: '0' }, [KEY_GRANT]],
    ['the registry was deleted (none in the group)', { AZ_GRANTS: lines(stale(KEY_GRANT, REGISTRY_KEY)), AZ_REGISTRY: '' }, [KEY_GRANT]],
    ['the workspace was deleted and created again', { AZ_GRANTS: lines(CURRENT[0]!, stale(PE_GRANT, WORKSPACE_KEY), stale(BLOB_GRANT, WORKSPACE_KEY), ...CURRENT.slice(3)) }, [PE_GRANT, BLOB_GRANT]],
    ['the workspace was deleted (none in the group)', { AZ_GRANTS: lines(...CURRENT), AZ_WORKSPACE_PRINCIPAL: '' }, [PE_GRANT, BLOB_GRANT]],
    ['il5ml-id-workspace was deleted and created again', { AZ_GRANTS: lines(...CURRENT.slice(0, 3), stale(UAI_KEY_GRANT, 'il5ml-id-workspace'), CURRENT[4]!) }, [UAI_KEY_GRANT]],
    ['il5ml-id-imagebuild was deleted (not in the group)', { AZ_GRANTS: lines(...CURRENT), AZ_IDENTITIES: `il5ml-id-workspace\\t${ID_WORKSPACE}\\n` }, [PULL_GRANT]],
    ['nothing is stale', { AZ_GRANTS: lines(...CURRENT) }, []],
    ["another group's grants of the same spec", { AZ_GRANTS: lines(stale(KEY_GRANT.replace('/il5ml-rg/', '/il5ml-rg-2/'), REGISTRY_KEY)) }, []],
    ['no grant yet', { AZ_GRANTS: '' }, []],
  ] as [string, Record<string, string>, string[]][])('%s: deletes the grants whose principal is not their identity\'s', (_name, env, deleted) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(0);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    // One listing finds il5ml's grants anywhere in the subscription (--all: child resources' scopes included), by
    // the descriptions the template gives them; one call each reads the workspace's and the user-assigned principals.
    const listing = calls.filter((l) => l.startsWith('role assignment list --all'));
    expect(listing).toHaveLength(1);
    const template = readFileSync(join(s.dir, 'azuredeploy.json'), 'utf8');
    for (const description of [...listing[0]!.matchAll(/description=='([^']*)'/g)].map((m) => m[1])) expect(template).toContain(`"description": "${description}"`);
    expect(listing[0]).toContain("'il5ml-mlw: identity-based data access: the workspace identity reads blob data for studio preview and profiling'].[id, principalId, 'il5ml-mlw (system-assigned)']");
    expect(listing[0]).toContain("'il5mlcr<uniqueString> (system-assigned identity): the only identity a container registry reaches a firewalled vault with'].[id, principalId, 'il5mlcr<uniqueString> (system-assigned)']");
    expect(calls.filter((l) => l.startsWith('identity list'))).toEqual([`identity list --subscription ${SUB} --resource-group il5ml-rg --query [].[name, principalId] --output tsv`]);
    expect(calls.filter((l) => l.includes('identity.principalId') && l.startsWith('resource list'))).toEqual([
      `resource list --subscription ${SUB} --resource-group il5ml-rg --resource-type Microsoft.MachineLearningServices/workspaces --name il5ml-mlw --query [0].identity.principalId --output tsv`,
    ]);
    const deletes = calls.filter((l) => l.startsWith('role assignment delete'));
    if (deleted.length > 0) {
      expect(deletes).toEqual([`role assignment delete --ids ${deleted.join(' ')} --subscription ${SUB} --output none`]);
      // After what-if and before the first create: nothing is deleted for a run that is not approved.
      expect(calls.findIndex((l) => l.startsWith('deployment group what-if'))).toBeLessThan(calls.indexOf(deletes[0] ?? ''));
      expect(calls.indexOf(deletes[0] ?? '')).toBeLessThan(calls.findIndex((l) => l.startsWith('deployment group create')));
      // Reported before the what-if, each with the identity it is for.
      expect(r.out).toContain('role assignments il5ml made are held by an identity that is gone');
      for (const id of deleted) expect(r.out).toMatch(new RegExp(`  - ${id} \\(for [^)]+\\)`));
    } else {
      expect(deletes).toEqual([]);
      expect(r.out).not.toContain('held by an identity that is gone');
    }
  });

  it('a first deployment (no group) looks up no grant or identity', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GROUP_EXISTS: 'false', AZ_GRANTS_FAIL: '1', AZ_IDENTITY_LIST_FAIL: '1', AZ_WORKSPACE_PRINCIPAL_FAIL: '1' });
    expect(r.code, r.out).toBe(0);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^(role assignment (list --all|delete)|identity list|resource list.*identity\.principalId)/m);
  });

  it('a stale grant is left alone when the what-if is not approved', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', AZ_GRANTS: lines(stale(PE_GRANT, WORKSPACE_KEY)) });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Nothing deployed.');
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^role assignment delete/m);
  });

  it('a stale grant that cannot be deleted stops the run before anything is deployed, naming the command', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GRANTS: lines(stale(KEY_GRANT, REGISTRY_KEY), stale(UAI_KEY_GRANT, 'il5ml-id-workspace')), AZ_REGISTRY_GRANTS: '0', AZ_ROLE_DELETE_FAIL: '1' });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(`run az role assignment delete --ids ${KEY_GRANT} ${UAI_KEY_GRANT}, then deploy.sh again`);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^deployment group create/m);
  });

  it.each([
    ['AZ_GRANTS_FAIL', 'could not list the role assignments il5ml made (az role assignment list --all, above)'],
    ['AZ_IDENTITY_LIST_FAIL', 'could not list the user-assigned identities in il5ml-rg (az identity list, above)'],
    ['AZ_WORKSPACE_PRINCIPAL_FAIL', 'could not read the system-assigned identity of workspace il5ml-mlw (az resource list, above)'],
  ])('a failed lookup (%s) stops the run before anything is deployed, naming the command', (fail, message) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, [fail]: '1' });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(message);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^(deployment group (what-if|create)|group create|tag update|role assignment delete)/m);
  });

  it('a re-run of pass 1 that fails again closes the vault it opened', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_REGISTRY_GRANTS: '0', AZ_CREATE_FAIL_PASS: '1' });
    expect(r.code, r.out).toBe(1);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    expect(calls.filter((l) => l.startsWith('deployment group create'))).toHaveLength(1);
    expect(calls.filter((l) => l.startsWith('keyvault update'))).toHaveLength(1);
    expect(r.out).toContain('its firewall is closed again');
  });

  it.each([
    ["reading the registry's identity fails", { AZ_ACR_SHOW_FAIL: '1' }, 'could not read the system-assigned identity of registry il5mlcrabc'],
    ['looking up the vault fails', { AZ_KV_LIST_FAIL: '1' }, 'could not look up the key vault il5mlkv... in il5ml-rg'],
    ['listing the role assignments fails', { AZ_ROLE_LIST_FAIL: '1' }, 'could not list the role assignments on key il5ml-cmk'],
  ] as [string, Record<string, string>, string][])('%s: exits 2 before anything is deployed, rather than guess which pass to run', (_name, env, message) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(message);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^(deployment group (what-if|create)|group create|tag update|keyvault update)/m);
  });

  // DEPLOYMENT_IN_FLIGHT: an interrupted run leaves its deployment running in Resource Manager. A run started
  // meanwhile would read a half-made group and deploy beside it: refused, naming the deployment and what to do.
  it('a deployment still running in the group (an interrupted run): exits 2 before deploying, naming it and how to wait or cancel', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_IN_FLIGHT: 'il5ml-20261207-101010\\nplatform-team-policy' });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain('deploy.sh: a deployment in il5ml-rg has not ended: il5ml-20261207-101010 platform-team-policy (an interrupted run');
    expect(r.out).toContain(`az deployment group cancel --subscription ${SUB} --resource-group il5ml-rg --name <name>`);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    expect(calls.find((l) => l.startsWith('deployment group list'))).toBe(
      `deployment group list --subscription ${SUB} --resource-group il5ml-rg --query [?!contains(['Succeeded','Failed','Canceled'], properties.provisioningState)].name --output tsv`,
    );
    // Checked before anything that reads the group's state to decide the passes: none of it ran.
    expect(calls.filter((l) => /^(acr |role assignment|deployment group (what-if|create)|group create|tag update|keyvault update)/.test(l))).toEqual([]);
  });

  it.each([
    ['listing the deployments fails', { AZ_DEPLOYMENT_LIST_FAIL: '1' }, 2],
    ['a new group has none to list', { AZ_GROUP_EXISTS: 'false' }, 0],
  ] as [string, Record<string, string>, number][])('%s', (_name, env, code) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(code);
    const log = readFileSync(s.log, 'utf8');
    if (code === 2) {
      expect(r.out).toContain('could not list the deployments in il5ml-rg');
      expect(log).not.toMatch(/^deployment group (what-if|create)/m);
    } else {
      expect(log).not.toMatch(/^deployment group list/m);
    }
  });

  // Interrupted during pass 1, the run cancels its deployment (still running in Azure) before it closes the vault:
  // otherwise pass 1 goes on creating, with the vault open (Allow), after the vault was "closed".
  it.each([
    ['cancelled', {}, 'was still running in Azure when the run stopped: cancelled'],
    ['the cancel fails', { AZ_CANCEL_FAIL: '1' }, 'WARNING: deployment il5ml-'],
  ] as [string, Record<string, string>, string][])('interrupted during pass 1, its deployment still running: %s, then the vault closed', (_name, env, message) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GROUP_EXISTS: 'false', AZ_CREATE_INTERRUPT_PASS: '1', AZ_DEPLOYMENT_STATE: 'Running', ...env });
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain(message);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    const create = calls.findIndex((l) => l.startsWith('deployment group create'));
    const cancel = calls.findIndex((l) => l.startsWith('deployment group cancel'));
    const close = calls.findIndex((l) => l.startsWith('keyvault update'));
    expect(calls[cancel]).toMatch(new RegExp(`^deployment group cancel --subscription ${SUB} --resource-group il5ml-rg --name il5ml-\\d{8}-\\d{6}$`));
    expect(calls[cancel]?.split(' --name ')[1]).toBe(calls[create]?.match(/--name (\S+)/)?.[1]);
    expect(create).toBeLessThan(cancel);
    expect(cancel).toBeLessThan(close);
    expect(calls.filter((l) => l.startsWith('deployment group create'))).toHaveLength(1);
  });

  it('pass 1 failed (the deployment ended): nothing to cancel', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GROUP_EXISTS: 'false', AZ_CREATE_FAIL_PASS: '1', AZ_DEPLOYMENT_STATE: 'Failed' });
    expect(r.code, r.out).toBe(1);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^deployment group cancel/m);
    expect(readFileSync(s.log, 'utf8')).toMatch(/^keyvault update/m);
  });

  // REGISTRY_CMK_FIREWALL.closeOnFailure: a first deployment that stops after pass 1 opened the vault closes it
  // on its way out, instead of leaving it open to every network until the next run.
  it.each([
    ['pass 1 fails', { AZ_GROUP_EXISTS: 'false', AZ_CREATE_FAIL_PASS: '1' }, 1],
    ['pass 2 fails', { AZ_GROUP_EXISTS: 'false', AZ_CREATE_FAIL_PASS: '2' }, 2],
  ] as [string, Record<string, string>, number][])('%s: exits 1 and closes the key vault the first pass opened', (_name, env, creates) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env, IL5ML_RETRY_SECONDS: '0', AZ_CLOUD: 'AzureCloud' });
    expect(r.code, r.out).toBe(1);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    expect(calls.filter((l) => l.startsWith('deployment group create'))).toHaveLength(creates);
    const lastCreate = calls.map((l) => l.startsWith('deployment group create')).lastIndexOf(true);
    const update = calls.findIndex((l) => l.startsWith('keyvault update'));
    expect(update, calls.join('\n')).toBeGreaterThan(lastCreate);
    expect(calls[update]).toBe(`keyvault update --subscription ${SUB} --resource-group il5ml-rg --name il5mlkvabc --default-action Deny --bypass AzureServices --output none`);
    expect(calls.find((l) => l.startsWith('keyvault list'))).toContain("starts_with(name, 'il5mlkv')");
    expect(r.out).toContain('the first deployment stopped after pass 1 opened the key vault il5mlkvabc; its firewall is closed again');
    // While the CLI is still on Azure Government: before the cloud is switched back.
    expect(calls.findIndex((l) => l === 'cloud set --name AzureCloud')).toBeGreaterThan(update);
  });

  it.each([
    ['both passes succeed', { AZ_GROUP_EXISTS: 'false' }, 0],
    ['a re-run (no first pass) fails', { AZ_CREATE_FAIL_PASS: '2' }, 1],
  ] as [string, Record<string, string>, number][])('%s: the key vault is left as the template set it', (_name, env, code) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(code);
    // Looked up (a re-run checks the registry's grant on the key), never changed.
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^keyvault update/m);
  });

  it('a vault it cannot close is a warning naming the command to run', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GROUP_EXISTS: 'false', AZ_CREATE_FAIL_PASS: '1', AZ_KV_UPDATE_FAIL: '1' });
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain(
      `WARNING: the first deployment stopped after pass 1 opened the key vault il5mlkvabc to all networks, and deploy.sh could not close it: run az keyvault update --default-action Deny --bypass AzureServices --subscription ${SUB} --resource-group il5ml-rg --name il5mlkvabc`,
    );
  });

  it('pass 1 stopped before the vault existed: nothing to close, nothing said', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GROUP_EXISTS: 'false', AZ_CREATE_FAIL_PASS: '1', AZ_VAULT: '' });
    expect(r.code, r.out).toBe(1);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^keyvault update/m);
    expect(r.out).not.toContain('closed again');
    expect(r.out).not.toContain('WARNING');
  });

  it('with posture.publicNetworkAccess the vault is open by design: deploy.sh does not close it', () => {
    const spec = specFrom('posture: {publicNetworkAccess: true}\npolicy:\n  exemptions: []\n');
    const sh = buildPlan(spec).files().get('deploy.sh') ?? '';
    expect(sh).toContain('registryCmkBootstrap=true');
    expect(sh).not.toContain('keyvault update');
    expect(sh).not.toContain('vault_open');
  });

  // The approval gate shows what the run does: on a first deployment, pass 1 (registry created through the
  // user-assigned identity, the vault open), not the template's defaults.
  it.each([
    ['a new resource group', { AZ_GROUP_EXISTS: 'false' }, true],
    ['a re-run (the registry exists)', {}, false],
  ] as [string, Record<string, string>, boolean][])('%s: what-if previews the pass that runs first', (_name, env, bootstrap) => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', ...env });
    expect(r.code, r.out).toBe(0);
    const whatIfs = readFileSync(s.log, 'utf8').split('\n').filter((l) => l.startsWith('deployment group what-if'));
    expect(whatIfs).toHaveLength(1);
    expect(whatIfs[0]?.includes('--parameters registryCmkBootstrap=true')).toBe(bootstrap);
    if (bootstrap) expect(r.out).toContain('what-if of pass 1 of 2 (first deployment): it shows the key vault open');
    else expect(r.out).not.toContain('what-if of pass 1');
  });

  // RESOURCE_GROUP_TAGS: az group create on an existing group replaces all its tags; an existing group gets the
  // spec's tags merged in, a new one is created with them.
  it.each([
    ['an existing group (re-run, or created by the platform team)', 'true', 'tag update', 'group create'],
    ['a new group', 'false', 'group create', 'tag update'],
  ] as [string, string, string, string][])('%s (group exists: %s): %s, never %s', (_name, exists, used, unused) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GROUP_EXISTS: exists });
    expect(r.code, r.out).toBe(0);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    expect(calls.filter((l) => l.startsWith(unused))).toEqual([]);
    const call = calls.filter((l) => l.startsWith(used));
    expect(call).toHaveLength(1);
    if (used === 'tag update') {
      expect(call[0]).toBe(`tag update --resource-id /subscriptions/${SUB}/resourceGroups/il5ml-rg --operation Merge --tags environment=il5 managed-by=il5ml --output none`);
    } else {
      expect(call[0]).toBe(`group create --subscription ${SUB} --name il5ml-rg --location usgovvirginia --tags environment=il5 managed-by=il5ml --output none`);
    }
    // Before anything is deployed into the group.
    expect(calls.findIndex((l) => l.startsWith(used))).toBeLessThan(calls.findIndex((l) => l.startsWith('deployment group what-if')));
  });

  it('a spec without tags leaves an existing group untouched', () => {
    const spec = specFrom('tags: {}\n');
    const sh = buildPlan(spec).files().get('deploy.sh') ?? '';
    expect(sh).not.toContain('az tag update');
    expect(sh).toContain('az group create --subscription "$subscription" --name "$resource_group" --location "$location" --output none');
  });

  // KEY_ROTATION: the workspace stays on the key version it uses; only a workspace that is not there leaves the
  // parameter empty, and a lookup that fails stops the run instead of handing the workspace the newest version.
  const KEY = 'https://il5mlkvabc.vault.usgovcloudapi.net/keys/il5ml-cmk/0123456789abcdef0123456789abcdef';
  it.each([
    ['a re-run: the workspace keeps its key version', { AZ_WORKSPACES: '1', AZ_WORKSPACE_KEY: KEY }, KEY],
    ['a group without the workspace', { AZ_WORKSPACES: '0', AZ_WORKSPACE_KEY: KEY }, ''],
    ['a new group', { AZ_GROUP_EXISTS: 'false', AZ_WORKSPACE_KEY: KEY }, ''],
  ] as [string, Record<string, string>, string][])('%s', (_name, env, key) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(0);
    const creates = readFileSync(s.log, 'utf8').split('\n').filter((l) => l.startsWith('deployment group create'));
    expect(creates.length).toBeGreaterThan(0);
    for (const c of creates) expect(c).toContain(`--parameters workspaceKeyIdentifier=${key} `);
  });

  it('a first deployment: pass 2 keeps the key version pass 1 created the workspace with', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_GROUP_EXISTS: 'false', AZ_PASS1_CREATES_WORKSPACE: '1', AZ_WORKSPACE_KEY: KEY });
    expect(r.code, r.out).toBe(0);
    const creates = readFileSync(s.log, 'utf8').split('\n').filter((l) => l.startsWith('deployment group create'));
    expect(creates).toHaveLength(2);
    expect(creates[0]).toContain('--parameters workspaceKeyIdentifier= ');
    expect(creates[1]).toContain(`--parameters workspaceKeyIdentifier=${KEY} `);
  });

  it.each([
    ['the workspace lookup fails', { AZ_RESOURCE_LIST_FAIL: '1' }, 'could not look up workspace il5ml-mlw in il5ml-rg'],
    ['reading its key version fails', { AZ_WORKSPACES: '1', AZ_RESOURCE_SHOW_FAIL: '1' }, 'could not read the key version of workspace il5ml-mlw'],
  ] as [string, Record<string, string>, string][])('%s: exits 2 before anything is deployed', (_name, env, message) => {
    const s = setup();
    const r = run(s, { ...PASSWORD, ...env });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain(message);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^(deployment group (what-if|create)|group create|tag update)/m);
  });

  it('a failed registry lookup stops the script before anything is deployed', () => {
    const s = setup();
    const r = run(s, { ...PASSWORD, AZ_ACR_FAIL: '1' });
    expect(r.code).not.toBe(0);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^deployment group create/m);
  });

  it('the confirmation prompt names the subscription', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9' });
    expect(r.out).toContain(`in subscription Test subscription (${SUB})? [y/N]`);
  });


  it.each([['plain-Password-123'], ['Qu"ote\\back$HOME%s`x`'], ["it's a \\\"test\\\" 12"]])(
    'passes the password %j exactly, only through a temporary file that is gone afterwards',
    (password) => {
      const s = setup();
      const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: password, IL5ML_YES: '1' });
      expect(r.code, r.out).toBe(0);
      const log = readFileSync(s.log, 'utf8');
      expect(log.includes(password)).toBe(false);
      expect(r.out.includes(password)).toBe(false);
      const captured = readdirSync(s.files).map((f) => JSON.parse(readFileSync(join(s.files, f), 'utf8')) as { parameters: Record<string, { value: unknown }> });
      const secret = captured.filter((c) => 'jumpBoxAdminPassword' in c.parameters);
      expect(secret).toHaveLength(2); // what-if and create
      for (const c of secret) expect(c.parameters.jumpBoxAdminPassword?.value).toBe(password);
      const leftovers = readdirSync(s.dir).filter((f) => f.startsWith('tmp.'));
      expect(leftovers).toEqual([]);
    },
  );

  // WINDOWS_ADMIN_PASSWORD: what Compute refuses only when it reaches the VM is refused before anything is created.
  it.each([
    ['11 characters', 'Short-pw-11'],
    ['124 characters', `Aa1-${'x'.repeat(120)}`],
    ['two classes only (lower, digit)', 'lowercasexonlyx1'],
    ['two classes only (lower, special)', 'no-digits-or-upper'],
  ])('a password Azure refuses (%s): exits 2 before calling az', (_name, password) => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: password, IL5ML_YES: '1' });
    expect(r.code, r.out).toBe(2);
    expect(r.out).toContain("does not meet Azure's rule for Windows VM passwords: 12 to 123 characters, with at least 3 of");
    expect(r.out.includes(password)).toBe(false);
    expect(existsSync(s.log)).toBe(false);
  });

  it.each([['Exactly-12ch'], ['lower-and-9-special'], ['UPPER9DIGITS99lower'], [`Aa1-${'x'.repeat(119)}`]])(
    'a password Azure takes (%j) goes through',
    (password) => {
      const s = setup();
      const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: password, IL5ML_YES: '1' });
      expect(r.code, r.out).toBe(0);
    },
  );

  it('without the password variable: exits 2 before calling az', () => {
    const s = setup();
    const r = run(s, { IL5ML_YES: '1' });
    expect(r.code).toBe(2);
    expect(r.out).toContain('IL5ML_JUMPBOX_ADMIN_PASSWORD');
    expect(existsSync(s.log)).toBe(false);
  });

  it('stops before creating anything when EncryptionAtHost is not registered', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1', AZ_FEATURE_STATE: 'NotRegistered' });
    expect(r.code).toBe(2);
    expect(readFileSync(s.log, 'utf8')).not.toContain('group create');
  });

  it('sets idle shutdown on the instance name the deployment outputs (derived with uniqueString)', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1', AZ_INSTANCE_NAME: 'il5ml-ciib6ma2xurbfto' });
    expect(r.code, r.out).toBe(0);
    const calls = readFileSync(s.log, 'utf8').trim().split('\n');
    const show = calls.find((l) => l.startsWith('deployment group show'));
    expect(show).toContain('--query properties.outputs.computeInstanceName.value');
    const rest = calls.find((l) => l.startsWith('rest --method post'));
    expect(rest).toContain('/workspaces/il5ml-mlw/computes/il5ml-ciib6ma2xurbfto/updateIdleShutdownSetting?');
  });

  it('a failed idle-shutdown call after deployment is a warning, not a failure', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1', AZ_FAIL_REST: '1' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('warning: idle shutdown');
  });

  it.each([
    ['the deployment lookup fails', { AZ_SHOW_FAIL: '1' }],
    ['the deployment has no instance name output', { AZ_INSTANCE_NAME: '' }],
  ] as [string, Record<string, string>][])('after a successful deployment, %s: a warning, exit 0, no idle-shutdown call on a bad name', (_name, env) => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', IL5ML_YES: '1', ...env });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('warning: could not read the compute instance name from deployment');
    expect(r.out).toContain('Deployed ');
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^rest --method post/m);
  });

  it('asks before create and deploys nothing on no', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Nothing deployed.');
    const log = readFileSync(s.log, 'utf8');
    expect(log).toContain('deployment group what-if');
    expect(log).not.toContain('deployment group create');
    // The group existed: nothing to say about it.
    expect(r.out).not.toContain('was created');
  });

  it('declined after what-if in a group this run created: says the (empty) group is there and how to remove it', () => {
    const s = setup();
    const r = run(s, { IL5ML_JUMPBOX_ADMIN_PASSWORD: 'Correct-horse-9', AZ_GROUP_EXISTS: 'false' });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('Nothing deployed.');
    expect(r.out).toContain(`deploy.sh: resource group il5ml-rg was created (empty, with the spec's tags) for what-if, which needs one; remove it with: az group delete --subscription ${SUB} --name il5ml-rg`);
    expect(readFileSync(s.log, 'utf8')).not.toMatch(/^deployment group create/m);
  });
});

// The result spool alone (src/cli/result-spool.ts, built in dist/): adds N generated results shaped as an
// estate's (Azure-like ids, 1-4 results a resource, ~2.5 on average, some ids differing only in case),
// then asks distinctResources() and reads sorted() back, as `check --format json` does. Prints the counts,
// a hash of the sorted output (equal across builds that order alike), CPU seconds and peak RSS.
//   node bench/probes/result-spool.mjs N [path of another build's result-spool.js]
// docs/ARCHITECTURE.md, "What pass 2 adds", has the figures of 12 million results before and after.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';

const [nArg = '1000000', mod = new URL('../../dist/cli/result-spool.js', import.meta.url).href] = process.argv.slice(2);
const { ResultSpool } = await import(mod);
const n = Number(nArg);
const spool = new ResultSpool(tmpdir());
const rules = ['IL5-KV-001', 'IL5-ST-001', 'IL5-NET-002', 'IL5-DIAG-001', 'IL5-VM-003'];
const compliance = ['Compliant', 'NonCompliant', 'NotApplicable'];
const start = process.cpuUsage();
let resource = 0;
for (let i = 0; i < n; resource++) {
  const k = (resource * 2654435761) % 4294967291;
  const id = `/subscriptions/1111-${k % 7}/resourceGroups/rg-${k % 997}/providers/Microsoft.Storage/storageAccounts/st${k.toString(36)}${resource % 3 ? '' : 'X'}`;
  const per = 1 + (resource % 4);
  for (let j = 0; j < per && i < n; j++, i++) {
    const rule = rules[(resource + j) % 5];
    spool.add({ policyDefinitionId: rule, ruleId: rule, resourceId: id, resourceType: 'Microsoft.Storage/storageAccounts', compliance: compliance[(resource + j) % 3], effect: 'audit', reason: `reason ${j % 2}`, severity: 'high', source: { file: 'estate.json', line: i + 2, column: 1 } });
  }
}
const added = process.cpuUsage(start);
const distinct = spool.distinctResources();
const hash = createHash('sha256');
let sorted = 0;
for (const r of spool.sorted()) {
  hash.update(JSON.stringify(r));
  sorted++;
}
const total = process.cpuUsage(start);
spool.close();
const seconds = (u) => Number(((u.user + u.system) / 1e6).toFixed(1));
console.log(JSON.stringify({ results: n, sorted, distinct, sha256: hash.digest('hex').slice(0, 16), addCpuSeconds: seconds(added), cpuSeconds: seconds(total), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));

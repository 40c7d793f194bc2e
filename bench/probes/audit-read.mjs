// The audit's own part, alone: the scope check, every Resource Graph page and the diagnostic settings
// read from ARM_ENDPOINT and written to the spool, exactly as `il5ml audit` does (the built modules in
// dist/), without the judging that follows (check's reader and evaluator). Prints {"resources": n}.
// Run by bench/audit.bench.ts with the stand-in az and the local server's CA (test/helpers/arm-server.ts).
import { diagnosticNeeds } from '../../dist/azure/diagnostics.js';
import { collectEstate } from '../../dist/azure/estate.js';
import { connect } from '../../dist/cli/azure-flags.js';
import { processIO } from '../../dist/cli/io.js';
import { ResourceSpool } from '../../dist/cli/spool.js';

const [, , endpoint, subscription] = process.argv;
const conn = await connect({ cloud: 'AzureUSGovernment', armEndpoint: endpoint, auth: 'cli', maxRetries: '5', maxWait: '60', maxTotal: '300', timeout: '60' }, processIO);
const spool = await ResourceSpool.create();
try {
  const { resources } = await collectEstate(conn.arm, { subscriptions: [subscription] }, { diagnostics: diagnosticNeeds([], true), concurrency: 8 }, (page) => spool.append(page));
  await spool.finish();
  process.stdout.write(`${JSON.stringify({ resources })}\n`);
} finally {
  await spool.remove();
}

// Preloaded (NODE_OPTIONS=--require) into a bench's child process: at exit, writes the process's peak
// resident set size in KiB (process.resourceUsage().maxRSS) to the file named by IL5ML_BENCH_RSS.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.IL5ML_BENCH_RSS) writeFileSync(process.env.IL5ML_BENCH_RSS, String(process.resourceUsage().maxRSS));
});

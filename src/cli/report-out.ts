import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CheckReport } from '../core/verdict.js';
import { formatReport, type ReportFormat, type ReportOptions } from '../report/index.js';
import { formatJsonPieces } from '../report/json-stream.js';
import type { CliIO } from './io.js';

/**
 * Writes a check report to stdout or to `out`. JSON goes out in pieces (report/json-stream.ts): the
 * report of a large estate is larger than one string, and holding it whole doubled the peak memory.
 * A file is written under a temporary name beside it and renamed when complete: never a partial report.
 */
export async function writeReport(report: CheckReport, format: ReportFormat, options: ReportOptions, out: string | undefined, io: CliIO): Promise<void> {
  const pieces: Iterable<string> = format === 'json' ? formatJsonPieces(report) : [formatReport(report, format, options)];
  if (out === undefined) {
    for (const p of pieces) io.stdout(p);
    return;
  }
  const final = resolve(io.cwd, out);
  await mkdir(dirname(final), { recursive: true });
  const tmp = `${final}.il5ml-tmp-${process.pid}-${Date.now()}`;
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      for (const p of pieces) await fh.write(p, null, 'utf8');
    } finally {
      await fh.close();
    }
    await rename(tmp, final);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Runs the `errdex` command in this process, as bin/errdex.mjs runs it, and writes the process's
 * CPU time and peak resident memory (all its threads) to standard error when it exits, as
 * `ERRDEX_MEASURE={…}`. The database benchmark starts it with the command's arguments.
 */
process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write(`\nERRDEX_MEASURE=${JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS })}\n`);
});
await import('../../bin/errdex.mjs');

export {};

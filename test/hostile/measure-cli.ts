/**
 * Runs the `errdex` command as a user runs it, in this process, and writes the process's peak
 * resident memory (threads included) to standard error when it exits, as `ERRDEX_MAXRSS_KB=…`.
 * The hostile-input tests start it with the command's arguments.
 */
process.on('exit', () => {
  process.stderr.write(`\nERRDEX_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
await import('../../bin/errdex.mjs');

export {};

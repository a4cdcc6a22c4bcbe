/**
 * Before the unit tests: build the `errdex` bundle once, so the tests that run `bin/errdex.mjs`
 * (and pack it) run what the sources say, and no two of them rebuild it at the same time.
 */
import { buildCli } from '../scripts/build-cli.ts';

export default async function setup(): Promise<void> {
  await buildCli();
}

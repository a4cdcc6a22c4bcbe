#!/usr/bin/env node
// Entry point of the `errdex` command. The CLI is written in TypeScript and run by Node's
// type stripping (Node >= 22.18); `npx errdex` puts the project's Node 24 first on the PATH.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`errdex needs Node >= 22.18 (this is ${process.version}); run it through npx or npm run errdex.`);
  process.exit(2);
}
await import('../src/cli/main.ts');

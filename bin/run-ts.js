#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, scripts) through tsx: `node bin/run-ts.js bench/run.ts`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node bin/run-ts.js <file.ts> [args...]');
  process.exit(2);
}
register();
process.argv.splice(2, 1);
await import(pathToFileURL(resolve(entry)).href);

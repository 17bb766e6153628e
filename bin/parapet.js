#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx parapet` works right after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);

#!/usr/bin/env node
// `parapet` plus the detection commands, for tests (see parapet-detection-entry.ts).
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./parapet-detection-entry.ts');
await run(process.argv);

import type { z } from 'zod';
import { isLoopbackHost } from './host-guard.js';

/**
 * The rule every connector config shares for its `simulatorUrl`: required, and loopback only, with
 * environment `simulator`; refused with any other environment.
 */
export function checkSimulatorUrl(config: { environment: string; simulatorUrl?: string | undefined }, ctx: z.RefinementCtx): void {
  if (config.environment === 'simulator') {
    if (!config.simulatorUrl) ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'is required with environment simulator' });
    else if (!isLoopbackHost(new URL(config.simulatorUrl).hostname))
      ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'must be a loopback URL (127.0.0.1 or localhost)' });
  } else if (config.simulatorUrl) {
    ctx.addIssue({ code: 'custom', path: ['simulatorUrl'], message: 'is only allowed with environment simulator' });
  }
}

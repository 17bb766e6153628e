import type { Logger } from 'pino';
import { MINUTE } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { GovernanceService } from './governance-service.js';

/**
 * Governance's periodic work, run from the schedulers' ticks (`parapet serve`'s, and the `parapet worker`
 * scheduler leader's): requests nobody decided in time expire when they do (the chat channel hears it then,
 * not when someone next lists the actions), and changes the provider accepted but did not show are read
 * again when due (GovernanceService.recheckUnverified). At most once per `everyMs`; a failure is logged and
 * tried again at the next.
 */
export class GovernanceSweep {
  private next = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: { governance: () => Promise<GovernanceService>; logger: Pick<Logger, 'info' | 'error'>; everyMs?: number }) {}

  async tick(now: number): Promise<void> {
    if (now < this.next) return;
    this.next = now + (this.options.everyMs ?? MINUTE / 2);
    try {
      const governance = await this.options.governance();
      const expired = await governance.expirePending();
      const { reread, verified } = await governance.recheckUnverified();
      if (expired > 0 || reread > 0) this.options.logger.info({ expired, reread, verified }, `governance: ${expired} request(s) expired undecided; ${reread} change(s) read back again, ${verified} now shown`);
    } catch (error) {
      this.options.logger.error({ err: errorMessage(error) }, `governance sweep failed, trying again at the next tick: ${errorMessage(error)}`);
    }
  }
}

import type { Activity } from '../../core/activity.js';
import type { EnrichedActivity } from '../enrichment/enricher.js';
import type { RuleContext, RuleResult } from '../rule.js';
import { isPerson } from '../subjects.js';
import { benignOf, volumeStateKeys } from './shared.js';
import { evaluateVolume, volumeParamDocs, volumeParamsSchema, type VolumeBaseline, type VolumeParams } from './volume-baseline.js';

/**
 * The parts every "a user did far more X in a window than their own busiest window" policy shares (mass
 * download, mass external sharing, mass file deletion, unusual admin activity): parameters, state keys (the
 * user's windows dismissed as benign included), what a benign verdict teaches, and the evaluation. `words`
 * says what the user did; `counts`, when given, narrows which of the policy's actions count (e.g. only shares
 * that leave the organisation).
 */
export function userVolumeParts(
  what: string,
  words: (a: Activity, count: number, peak: number | null, minutes: number, ctx: RuleContext<VolumeParams>, e: EnrichedActivity) => string,
  counts?: (a: Activity, ctx: RuleContext<VolumeParams>) => boolean,
) {
  return {
    learnsFromBenign: `the alert's burst of ${what} is part of the person's usual volume: a window no busier alerts no more for them (a verdict given within 30 days of the burst; a later one teaches nothing)`,
    paramDocs: volumeParamDocs(what),
    paramsSchema: volumeParamsSchema,
    defaults: { enabled: true, learningDays: 7, learningGate: false },
    stateKeys: (e: EnrichedActivity) => volumeStateKeys(e),
    evaluate(e: EnrichedActivity, state: Readonly<Record<string, VolumeBaseline | undefined>>, ctx: RuleContext<VolumeParams>): RuleResult<VolumeBaseline> {
      const a = e.activity;
      const [key] = volumeStateKeys(e);
      if (!key || !isPerson(a) || a.outcome === 'failure' || (counts && !counts(a, ctx))) return {};
      const { next, finding } = evaluateVolume(a, state[key], ctx.params, ctx.learning, (count, peak, minutes) => words(a, count, peak, minutes, ctx, e), benignOf(state, e));
      return { state: { [key]: next }, findings: finding ? [finding] : [] };
    },
  };
}

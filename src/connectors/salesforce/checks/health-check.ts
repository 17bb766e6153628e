import { asRecord, num, str } from '../../sdk/normalize-helpers.js';
import type { PostureEvaluation, SettingsSnapshot } from '../../sdk/define-check.js';

export interface HealthRisk {
  setting: string;
  group: string | null;
  orgValue: string | null;
  standardValue: string | null;
  riskType: string | null;
}

/** The Health Check document the settings stream collects, or null when it was not collected. */
export function readHealthCheck(settings: SettingsSnapshot): { score: number | null; risks: HealthRisk[] } | null {
  const doc = settings.healthCheck;
  if (!doc) return null;
  const risks = Object.entries(asRecord(doc.risks) ?? {}).map(([setting, value]) => {
    const v = asRecord(value);
    return { setting, group: str(v?.group), orgValue: str(v?.orgValue), standardValue: str(v?.standardValue), riskType: str(v?.riskType) };
  });
  return { score: num(doc.score), risks };
}

export const NOT_COLLECTED: PostureEvaluation = { status: 'not_applicable', evidence: 'Salesforce Health Check was not collected (the integration user needs "View Setup and Configuration").' };

/** Judges one Health Check setting by its risk against Salesforce's baseline: MEETS_STANDARD passes. */
export function settingMeetsStandard(settings: SettingsSnapshot, setting: string): PostureEvaluation {
  const health = readHealthCheck(settings);
  if (!health) return NOT_COLLECTED;
  const risk = health.risks.find((r) => r.setting.toLowerCase() === setting.toLowerCase());
  if (!risk) return { status: 'not_applicable', evidence: `Health Check does not list "${setting}" for this org (a custom baseline may leave it out).` };
  const said = `"${setting}" is ${risk.orgValue ?? 'unset'} (baseline: ${risk.standardValue ?? 'n/a'})`;
  if (risk.riskType === 'MEETS_STANDARD') return { status: 'pass', evidence: `${said}: meets the standard.`, details: { ...risk } };
  return { status: 'fail', evidence: `${said}: Health Check rates it ${risk.riskType ?? 'unknown'}.`, details: { ...risk } };
}

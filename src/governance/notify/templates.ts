import type { Alert } from '../../core/alert.js';

/** The e-mail a person gets when a policy or an analyst notifies them: what was seen and what to do. */
export function userNotice(input: { email: string; reason: string; alert: Alert | null }): { subject: string; text: string } {
  const { alert } = input;
  const subject = alert ? `Security notice: ${alert.policyName}` : 'Security notice from your IT team';
  const lines = [
    `Hello,`,
    '',
    alert ? `Our security monitoring noticed activity on your account (${input.email}) that we want you to know about:` : `Your IT security team asked us to contact you about your account (${input.email}).`,
    '',
    alert ? `  ${alert.explanation}` : `  ${input.reason}`,
    '',
    'If this was you, no action is needed. If it was not, change your password and contact your IT team right away.',
    ...(alert ? ['', `Reference: alert ${alert.id} (${alert.severity})`] : []),
  ];
  return { subject, text: lines.join('\n') };
}

/** The chat message for a governance event (Slack- and Teams-style `text`, with the facts alongside). */
export function chatEvent(input: { event: string; kind: string; target: string; detail: string; actionId: string; alert: Alert | null }): Record<string, unknown> {
  const why = input.alert ? ` — ${input.alert.policyName}: ${input.alert.explanation}` : '';
  return {
    text: `Parapet: ${input.kind} ${input.target} ${input.event}${why}. ${input.detail}`,
    event: input.event,
    action: { id: input.actionId, kind: input.kind, target: input.target, detail: input.detail },
    alert: input.alert ? { id: input.alert.id, policy: input.alert.policyId, severity: input.alert.severity, explanation: input.alert.explanation } : null,
  };
}

import { Button, Code, Group, List, Menu, Modal, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { GovernanceRequest } from '../../../src/core/governance-action.js';
import { api, errorText } from '../api/client.js';
import { actionBadge } from '../lib/governance.js';

const PERSON_ACTIONS = [
  { kind: 'notify-user', label: 'Notify the user' },
  { kind: 'require-reauth', label: 'Require sign-in again' },
  { kind: 'revoke-sessions', label: 'Revoke sessions' },
  { kind: 'suspend-user', label: 'Suspend' },
  { kind: 'revoke-oauth-grants', label: 'Revoke their app consents' },
  { kind: 'remove-forwarding-rules', label: 'Remove mail forwarding rules' },
  { kind: 'contain-person', label: 'Contain this person (every app)' },
] as const;

/** What POST /actions with dryRun answers (src/governance/governance-service.ts DryRunPlan). */
interface DryRunPlan {
  kind: string;
  target: string;
  where: string | null;
  blocked: string | null;
  steps: { kind: string; where: string; target: string; calls: { method: string; url: string; body: unknown }[]; note: string | null }[];
}

type Answer = { dryRun: true; plan: DryRunPlan } | { dryRun: false; request: GovernanceRequest };

function DryRunDialog({ plan, onClose }: { plan: DryRunPlan | null; onClose: () => void }) {
  return (
    <Modal opened={plan !== null} onClose={onClose} title={plan ? `Dry run: ${plan.kind} ${plan.target}` : ''} size="lg" closeButtonProps={{ 'aria-label': 'Close the dry run' }}>
      {plan && (
        <Stack gap="xs" data-testid="dry-run-plan">
          {plan.blocked ? (
            <Text c="red">Would be refused: {plan.blocked}</Text>
          ) : (
            <>
              <Text size="sm">Where: {plan.where ?? 'each app of the person'}. Nothing was changed or recorded; these are the changes it would send:</Text>
              {plan.steps.map((step, i) => (
                <Stack key={i} gap={4}>
                  <Text size="sm" fw={600}>
                    {step.kind} {step.target} ({step.where})
                  </Text>
                  {step.calls.length > 0 && (
                    <List size="sm">
                      {step.calls.map((c, j) => (
                        <List.Item key={j}>
                          <Code>
                            {c.method} {c.url}
                          </Code>
                          {c.body !== undefined && c.body !== null && <Code block>{JSON.stringify(c.body)}</Code>}
                        </List.Item>
                      ))}
                    </List>
                  )}
                  {step.note && <Text size="sm">{step.note}</Text>}
                </Stack>
              ))}
            </>
          )}
        </Stack>
      )}
    </Modal>
  );
}

/** Request a governance action on a person from an alert or their page; the result (pending, succeeded, blocked) is shown at once, or with "Dry run" the exact calls it would make. */
export function GovernanceButtons({ person, alertId, reason }: { person: string; alertId?: string; reason?: string }) {
  const client = useQueryClient();
  const [dryRun, setDryRun] = useState(false);
  const [plan, setPlan] = useState<DryRunPlan | null>(null);
  const request = useMutation({
    mutationFn: async (kind: string): Promise<Answer> => {
      const body = { kind, targetType: 'identity', target: person, ...(alertId ? { alertId } : {}), ...(reason ? { reason: reason.slice(0, 2000) } : {}) };
      if (dryRun) return { dryRun: true, plan: await api.post<DryRunPlan>('/actions', { ...body, dryRun: true }) };
      return { dryRun: false, request: await api.post<GovernanceRequest>('/actions', body) };
    },
    onSuccess: (answer) => {
      if (answer.dryRun) {
        setPlan(answer.plan);
        return;
      }
      const a = answer.request;
      void client.invalidateQueries({ queryKey: ['actions'] });
      const outcome = actionBadge(a);
      notifications.show({
        color: outcome.tone,
        title: `${a.kind}: ${outcome.label}`,
        message: outcome.hint ?? a.result ?? (a.status === 'pending' ? `Waiting for approval by ${a.approverRoles.join(' or ')}` : ''),
      });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Action not requested', message: errorText(e) }),
  });
  return (
    <Group gap="xs">
      <Switch label="Dry run" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} />
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="light" loading={request.isPending}>
            {dryRun ? 'Plan an action' : 'Take action'}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {PERSON_ACTIONS.map((a) => (
            <Menu.Item key={a.kind} onClick={() => request.mutate(a.kind)}>
              {a.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <DryRunDialog plan={plan} onClose={() => setPlan(null)} />
    </Group>
  );
}

import { Button, Group, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GovernanceRequest } from '../../../src/core/governance-action.js';
import { api, errorText } from '../api/client.js';

const PERSON_ACTIONS = [
  { kind: 'notify-user', label: 'Notify the user' },
  { kind: 'require-reauth', label: 'Require sign-in again' },
  { kind: 'revoke-sessions', label: 'Revoke sessions' },
  { kind: 'suspend-user', label: 'Suspend' },
  { kind: 'revoke-oauth-grants', label: 'Revoke their app consents' },
  { kind: 'remove-forwarding-rules', label: 'Remove mail forwarding rules' },
  { kind: 'contain-person', label: 'Contain this person (every app)' },
] as const;

/** Request a governance action on a person from an alert or their page; the result (pending, succeeded, blocked) is shown at once. */
export function GovernanceButtons({ person, alertId, reason }: { person: string; alertId?: string; reason?: string }) {
  const client = useQueryClient();
  const request = useMutation({
    mutationFn: (kind: string) => api.post<GovernanceRequest>('/actions', { kind, targetType: 'identity', target: person, ...(alertId ? { alertId } : {}), ...(reason ? { reason: reason.slice(0, 2000) } : {}) }),
    onSuccess: (a) => {
      void client.invalidateQueries({ queryKey: ['actions'] });
      notifications.show({ color: a.status === 'blocked' || a.status === 'failed' ? 'red' : 'teal', title: `${a.kind}: ${a.status}`, message: a.result ?? (a.status === 'pending' ? `Waiting for approval by ${a.approverRoles.join(' or ')}` : '') });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Action not requested', message: errorText(e) }),
  });
  return (
    <Group gap="xs">
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="light" loading={request.isPending}>
            Take action
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
    </Group>
  );
}

import { Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { GovernanceLogEntry, GovernanceRequest } from '../../../src/core/governance-action.js';
import { api, apiUrl, errorText } from '../api/client.js';
import type { Items } from '../api/types.js';
import { useAuth } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable } from '../components/RecordTable.js';
import { QueryView } from '../components/states.js';
import { formatTime } from '../format.js';
import { actionBadge } from '../lib/governance.js';
import { ProtectedList } from './ProtectedList.js';

export function GovernancePage() {
  const { user } = useAuth();
  const client = useQueryClient();
  const [status, setStatus] = useState('all');
  const actions = useQuery({ queryKey: ['actions', status], queryFn: () => api.get<Items<GovernanceRequest>>('/actions', status === 'all' ? {} : { status }) });
  const log = useQuery({ queryKey: ['actions', 'log'], queryFn: () => api.get<Items<GovernanceLogEntry>>('/governance/log') });
  const decide = useMutation({
    mutationFn: ({ id, verb }: { id: string; verb: 'approve' | 'reject' | 'cancel' | 'undo' }) => api.post<GovernanceRequest>(`/actions/${id}/${verb}`, {}),
    onSuccess: (a) => {
      void client.invalidateQueries({ queryKey: ['actions'] });
      const outcome = actionBadge(a);
      notifications.show({ color: outcome.tone, title: `${a.kind}: ${outcome.label}`, message: outcome.hint ?? a.result ?? '' });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Not done', message: errorText(e) }),
  });
  const canAct = user?.role === 'admin' || user?.role === 'analyst';
  return (
    <>
      <PageHeader
        title="Governance"
        description="Actions on people and apps: who asked, who approved, where they ran, and the result."
        actions={
          <Anchor href={apiUrl('/governance/log', { format: 'jsonl' })} download>
            Export log (JSON lines)
          </Anchor>
        }
      />
      <Stack>
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={setStatus}
          data={['all', 'pending', 'succeeded', 'failed', 'blocked', 'undone'].map((s) => ({ value: s, label: s }))}
        />
        <QueryView query={actions}>
          {({ items }) => (
            <Card withBorder>
              <RecordTable
                rows={items}
                label="Governance actions"
                empty="No actions yet: request one from an alert or a person's page"
                rowKey={(r) => r.id}
                columns={[
                  {
                    label: 'Status',
                    render: (r) => {
                      const outcome = actionBadge(r);
                      return (
                        <Badge color={outcome.color} title={outcome.hint ?? undefined}>
                          {outcome.label}
                        </Badge>
                      );
                    },
                  },
                  { label: 'Action', render: (r) => r.kind },
                  { label: 'Target', render: (r) => r.targetLabel },
                  { label: 'Where', render: (r) => (r.route === 'idp' ? 'identity provider' : r.route === 'app' ? 'in the app' : (r.route ?? '—')) },
                  { label: 'Asked by', render: (r) => r.requestedBy },
                  { label: 'Decided by', render: (r) => r.decidedBy ?? '—' },
                  { label: 'When', render: (r) => formatTime(r.createdAt) },
                  { label: 'Result', render: (r) => <Text size="sm">{r.result ?? ''}</Text> },
                  {
                    label: '',
                    render: (r) =>
                      canAct && (
                        <Group gap={4} wrap="nowrap">
                          {r.status === 'pending' && (
                            <>
                              <Button size="xs" onClick={() => decide.mutate({ id: r.id, verb: 'approve' })}>
                                Approve
                              </Button>
                              <Button size="xs" variant="default" onClick={() => decide.mutate({ id: r.id, verb: 'reject' })}>
                                Reject
                              </Button>
                            </>
                          )}
                          {(r.status === 'succeeded' || r.status === 'partial') && (r.kind === 'suspend-user' || r.kind === 'contain-person') && (
                            <Button size="xs" variant="default" onClick={() => decide.mutate({ id: r.id, verb: 'undo' })}>
                              Undo
                            </Button>
                          )}
                        </Group>
                      ),
                  },
                ]}
              />
            </Card>
          )}
        </QueryView>
        <ProtectedList canEdit={user?.role === 'admin'} />
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Governance log
          </Title>
          <QueryView query={log}>
            {({ items }) => (
              <RecordTable
                rows={[...items].reverse().slice(0, 200)}
                label="Governance log"
                empty="The log is empty"
                rowKey={(r) => String(r.seq)}
                columns={[
                  { label: 'Time', render: (r) => formatTime(r.time) },
                  { label: 'Event', render: (r) => r.event },
                  { label: 'Actor', render: (r) => r.actor },
                  { label: 'Action', render: (r) => `${r.kind} ${r.targetLabel}` },
                  { label: 'Detail', render: (r) => <Text size="sm">{r.detail}</Text> },
                ]}
              />
            )}
          </QueryView>
        </Card>
      </Stack>
    </>
  );
}

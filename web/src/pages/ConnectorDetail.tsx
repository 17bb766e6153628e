import { Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, errorText } from '../api/client.js';
import type { Connector, TestResult } from '../api/types.js';
import { useCanChange } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { QueryView } from '../components/states.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { TestChecks } from '../components/TestChecks.js';
import { timeAgo } from '../format.js';
import { StreamTable, connectorProblem } from './Connectors.js';

export function ConnectorDetailPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const canChange = useCanChange('connectors');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const connector = useQuery({ queryKey: ['connectors', id], queryFn: () => api.get<Connector>(`/connectors/${id}`), refetchInterval: 5_000 });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['connectors'] });
  const action = useMutation({
    mutationFn: (verb: 'enable' | 'disable' | 'sync') => api.post(`/connectors/${id}/${verb}`),
    onSuccess: (_r, verb) => {
      notifications.show({ message: verb === 'sync' ? 'Sync started' : `Connector ${verb}d` });
      refresh();
    },
    onError: (e) => notifications.show({ color: 'red', title: 'That did not work', message: errorText(e) }),
  });
  const test = useMutation({ mutationFn: () => api.post<TestResult>(`/connectors/${id}/test`) });
  const remove = useMutation({
    mutationFn: () => api.delete(`/connectors/${id}`),
    onSuccess: () => {
      refresh();
      void navigate('/connectors');
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Could not delete', message: errorText(e) }),
  });

  return (
    <QueryView query={connector}>
      {(c) => (
        <>
          <PageHeader
            title={c.name}
            description={
              <>
                {c.displayName} · <Link to={`/activity?connector=${c.id}`}>its activity</Link>
              </>
            }
            actions={
              <>
                <Button variant="default" onClick={() => test.mutate()} loading={test.isPending}>
                  Test now
                </Button>
                {canChange && (
                  <>
                    <Button variant="default" onClick={() => action.mutate('sync')} loading={action.isPending && action.variables === 'sync'}>
                      Sync now
                    </Button>
                    <Button variant="default" onClick={() => action.mutate(c.enabled ? 'disable' : 'enable')}>
                      {c.enabled ? 'Disable' : 'Enable'}
                    </Button>
                    <Button color="red" variant="light" onClick={() => setConfirmDelete(true)}>
                      Delete
                    </Button>
                  </>
                )}
              </>
            }
          />
          <Stack>
            <SimpleGrid cols={{ base: 2, md: 4 }}>
              <Card withBorder>
                <Text size="sm" c="dimmed">
                  Status
                </Text>
                <StatusBadge status={c.enabled ? c.status : 'disabled'} />
              </Card>
              <Card withBorder>
                <Text size="sm" c="dimmed">
                  Last sync
                </Text>
                <Text fw={600}>{timeAgo(c.lastSyncAt)}</Text>
              </Card>
              <Card withBorder>
                <Text size="sm" c="dimmed">
                  Accounts
                </Text>
                <Text fw={600}>{c.accounts.toLocaleString()}</Text>
              </Card>
              <Card withBorder>
                <Text size="sm" c="dimmed">
                  Activities
                </Text>
                <Text fw={600}>{c.activities.toLocaleString()}</Text>
              </Card>
            </SimpleGrid>
            {connectorProblem(c) && (
              <Card withBorder>
                <Text c="red" role="alert">
                  {connectorProblem(c)}
                </Text>
              </Card>
            )}
            {(test.data || test.error) && (
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Test result
                </Title>
                {test.data ? <TestChecks checks={test.data.checks} /> : <Text c="red">{errorText(test.error)}</Text>}
              </Card>
            )}
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                Streams
              </Title>
              <StreamTable connector={c} />
            </Card>
          </Stack>
          <Modal closeButtonProps={{ "aria-label": "Close" }} opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={`Delete ${c.name}?`}>
            <Stack>
              <Text size="sm">Its stored credentials are removed. Activities already collected stay in the log.</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setConfirmDelete(false)}>
                  Cancel
                </Button>
                <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
                  Delete
                </Button>
              </Group>
            </Stack>
          </Modal>
        </>
      )}
    </QueryView>
  );
}

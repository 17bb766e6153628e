import { Anchor, Button, Card, Checkbox, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, errorText } from '../api/client.js';
import type { Alert, AlertResolution, AlertStatus, Assignee, Items, Page } from '../api/types.js';
import { useCanChange } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { EmptyState, ErrorState, PageLoading } from '../components/states.js';
import { STATUS_OPTIONS, StatusChangeModal } from '../components/StatusChange.js';
import { SeverityBadge, StatusBadge } from '../components/StatusBadge.js';
import { formatTime } from '../format.js';
import { KEYBOARD_SCROLL } from '../components/keyboard-scroll.js';

export function subjectLabel(alert: Pick<Alert, 'subject'>): string {
  return alert.subject.email ?? alert.subject.key;
}

export function AlertsPage() {
  const [params, setParams] = useSearchParams();
  const queryClient = useQueryClient();
  const canChange = useCanChange('alerts');
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);
  const filters = { status: params.get('status') ?? '', severity: params.get('severity') ?? '', policy: params.get('policy') ?? '', user: params.get('user') ?? '', assignee: params.get('assignee') ?? '' };
  const assignees = useQuery({ queryKey: ['alert-assignees'], queryFn: () => api.get<Items<Assignee>>('/alerts/assignees'), staleTime: 60_000 });
  const assigneeName = new Map((assignees.data?.items ?? []).map((u) => [u.id, u.username]));
  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
    setSelected([]);
  };
  const alerts = useInfiniteQuery({
    queryKey: ['alerts', 'list', params.toString()],
    queryFn: ({ pageParam }) => api.get<Page<Alert & { assigneeId?: string | null }>>('/alerts', { ...filters, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const bulk = useMutation({
    mutationFn: ({ status, reason, resolution }: { status: AlertStatus; reason: string; resolution: AlertResolution | undefined }) => api.post('/alerts/bulk-status', { ids: selected, status, reason, resolution }),
    onSuccess: () => {
      notifications.show({ message: `${selected.length} alert(s) updated` });
      setSelected([]);
      setBulkOpen(false);
      void queryClient.invalidateQueries({ queryKey: ['alerts'] });
      void queryClient.invalidateQueries({ queryKey: ['stats'] });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Status not changed', message: errorText(e) }),
  });
  const items = alerts.data?.pages.flatMap((p) => p.items) ?? [];
  const allSelected = items.length > 0 && selected.length === items.length;

  return (
    <>
      <PageHeader title="Alerts" description="What the detection policies found, with the evidence behind each." />
      <Card withBorder mb="md">
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select label="Status" clearable data={STATUS_OPTIONS} value={filters.status || null} onChange={(v) => setFilter('status', v)} w={160} />
          <Select label="Severity" clearable data={['low', 'medium', 'high', 'critical']} value={filters.severity || null} onChange={(v) => setFilter('severity', v)} w={140} />
          <TextInput label="Policy" defaultValue={filters.policy} onBlur={(e) => setFilter('policy', e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && setFilter('policy', e.currentTarget.value)} w={200} />
          <TextInput label="User" defaultValue={filters.user} onBlur={(e) => setFilter('user', e.currentTarget.value)} onKeyDown={(e) => e.key === 'Enter' && setFilter('user', e.currentTarget.value)} w={220} />
          <Select label="Assignee" clearable data={(assignees.data?.items ?? []).map((u) => ({ value: u.id, label: u.username }))} value={filters.assignee || null} onChange={(v) => setFilter('assignee', v)} w={180} />
          {canChange && (
            <Button disabled={selected.length === 0} onClick={() => setBulkOpen(true)}>
              Change status of {selected.length} selected
            </Button>
          )}
        </Group>
      </Card>
      {alerts.isPending ? (
        <PageLoading />
      ) : alerts.isError ? (
        <ErrorState error={alerts.error} retry={() => void alerts.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No alerts match">{params.toString() ? 'Clear a filter to see more.' : 'Nothing suspicious has been found. Policies keep watching as activity arrives.'}</EmptyState>
      ) : (
        <Stack gap="xs">
          <Table.ScrollContainer minWidth={860} scrollAreaProps={KEYBOARD_SCROLL}>
            <Table highlightOnHover striped aria-label="Alerts">
              <Table.Thead>
                <Table.Tr>
                  {canChange && (
                    <Table.Th w={40}>
                      <Checkbox aria-label="Select all alerts" checked={allSelected} indeterminate={selected.length > 0 && !allSelected} onChange={() => setSelected(allSelected ? [] : items.map((a) => a.id))} />
                    </Table.Th>
                  )}
                  <Table.Th>Severity</Table.Th>
                  <Table.Th>Alert</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>App</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Assignee</Table.Th>
                  <Table.Th>Last activity</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id} data-testid="alert-row">
                    {canChange && (
                      <Table.Td>
                        <Checkbox
                          aria-label={`Select alert ${a.policyName} for ${subjectLabel(a)}`}
                          checked={selected.includes(a.id)}
                          onChange={(e) => setSelected(e.currentTarget.checked ? [...selected, a.id] : selected.filter((s) => s !== a.id))}
                        />
                      </Table.Td>
                    )}
                    <Table.Td>
                      <SeverityBadge severity={a.severity} />
                    </Table.Td>
                    <Table.Td maw={480}>
                      <Anchor component={Link} to={`/alerts/${a.id}`} fw={600}>
                        {a.policyName}
                      </Anchor>
                      <Text size="sm" c="dimmed" lineClamp={2}>
                        {a.explanation}
                      </Text>
                    </Table.Td>
                    <Table.Td>{subjectLabel(a)}</Table.Td>
                    <Table.Td>{a.app ?? '—'}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={a.status} />
                    </Table.Td>
                    <Table.Td>{a.assigneeId ? (assigneeName.get(a.assigneeId) ?? 'a former user') : '—'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTime(a.lastActivityAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {alerts.hasNextPage && (
            <Group justify="center">
              <Button variant="subtle" onClick={() => void alerts.fetchNextPage()} loading={alerts.isFetchingNextPage}>
                Load more
              </Button>
            </Group>
          )}
        </Stack>
      )}
      {bulkOpen && <StatusChangeModal opened count={selected.length} initial="resolved" busy={bulk.isPending} onClose={() => setBulkOpen(false)} onSubmit={(status, reason, resolution) => bulk.mutate({ status, reason, resolution })} />}
    </>
  );
}

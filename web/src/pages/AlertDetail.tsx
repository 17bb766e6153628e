import { Anchor, Button, Card, Code, Group, Grid, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { GovernanceButtons } from '../components/GovernanceButtons.js';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, errorText } from '../api/client.js';
import type { AlertDetail, AlertResolution, AlertStatus, Assignee, Items } from '../api/types.js';
import { useAuth, useCanChange } from '../auth.js';
import { ActivityDrawer } from '../components/ActivityDrawer.js';
import { ActivityTable } from '../components/ActivityTable.js';
import { PageHeader } from '../components/PageHeader.js';
import { EmptyState, QueryView } from '../components/states.js';
import { StatusChangeModal } from '../components/StatusChange.js';
import { SeverityBadge, StatusBadge } from '../components/StatusBadge.js';
import { TravelMap } from '../components/TravelMap.js';
import { travelPoints } from '../lib/travel.js';
import { formatTime, humanize } from '../format.js';
import { subjectLabel } from './Alerts.js';

const VERDICT_WORDS: Record<AlertResolution, string> = { true_positive: 'true positive', benign_true_positive: 'benign true positive', false_positive: 'false positive' };

/** Who works the alert: a picker for analysts and admins, the name alone for viewers. */
function AssigneeField({ alertId, assigneeId, canChange, onChanged }: { alertId: string; assigneeId: string | null; canChange: boolean; onChanged(): void }) {
  const me = useAuth().user;
  const people = useQuery({ queryKey: ['alert-assignees'], queryFn: () => api.get<Items<Assignee>>('/alerts/assignees'), staleTime: 60_000 });
  const assign = useMutation({
    mutationFn: (userId: string | null) => api.post(`/alerts/${alertId}/assignee`, { userId }),
    onSuccess: () => {
      notifications.show({ message: 'Assignee changed' });
      onChanged();
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Assignee not changed', message: errorText(e) }),
  });
  const items = people.data?.items ?? [];
  const name = items.find((u) => u.id === assigneeId)?.username ?? (assigneeId ? 'a former user' : 'nobody');
  if (!canChange) {
    return (
      <Text size="sm" data-testid="alert-assignee">
        Assigned to {name}
      </Text>
    );
  }
  return (
    <Group gap="xs" align="flex-end">
      <Select
        label="Assignee"
        w={240}
        data={[{ value: '', label: 'Nobody' }, ...items.map((u) => ({ value: u.id, label: u.username }))]}
        value={assigneeId ?? ''}
        onChange={(value) => assign.mutate(value ? value : null)}
        disabled={assign.isPending || people.isPending}
        allowDeselect={false}
      />
      {me && me.id !== assigneeId && me.role !== 'viewer' && (
        <Button variant="subtle" onClick={() => assign.mutate(me.id)} loading={assign.isPending}>
          Assign to me
        </Button>
      )}
    </Group>
  );
}

function KeyValues({ data, label }: { data: Record<string, unknown>; label: string }) {
  const entries = Object.entries(data);
  if (entries.length === 0) return <Text c="dimmed">None recorded.</Text>;
  return (
    <Table aria-label={label} fz="sm" withRowBorders={false} verticalSpacing={2}>
      <Table.Tbody>
        {entries.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w={200} fw={500} c="dimmed">
              {humanize(k)}
            </Table.Th>
            <Table.Td>{v !== null && typeof v === 'object' ? <Code block>{JSON.stringify(v, null, 2)}</Code> : String(v)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AlertDetailPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const canChange = useCanChange('alerts');
  const [statusOpen, setStatusOpen] = useState<AlertStatus | null>(null);
  const [comment, setComment] = useState('');
  const [openActivity, setOpenActivity] = useState<string | null>(null);
  const detail = useQuery({ queryKey: ['alerts', 'one', id], queryFn: () => api.get<AlertDetail>(`/alerts/${id}`) });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['alerts'] });
    void queryClient.invalidateQueries({ queryKey: ['stats'] });
  };
  const changeStatus = useMutation({
    mutationFn: ({ status, reason, resolution }: { status: AlertStatus; reason: string; resolution: AlertResolution | undefined }) => api.post(`/alerts/${id}/status`, { status, reason, resolution }),
    onSuccess: () => {
      setStatusOpen(null);
      notifications.show({ message: 'Status changed' });
      refresh();
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Status not changed', message: errorText(e) }),
  });
  const addComment = useMutation({
    mutationFn: () => api.post(`/alerts/${id}/comments`, { text: comment }),
    onSuccess: () => {
      setComment('');
      refresh();
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Comment not added', message: errorText(e) }),
  });

  return (
    <QueryView query={detail}>
      {({ alert, evidence, explanation, baseline, comments, benignVerdict }) => {
        const points = travelPoints(alert.details);
        return (
          <>
            <PageHeader
              title={alert.policyName}
              description={
                <>
                  <Anchor component={Link} to="/alerts">
                    Alerts
                  </Anchor>{' '}
                  · {subjectLabel(alert)} · {alert.app ?? 'all apps'} · first {formatTime(alert.firstActivityAt)}
                </>
              }
              actions={
                canChange && (
                  <>
                    {alert.status !== 'dismissed' && (
                      <Button variant="default" onClick={() => setStatusOpen('dismissed')}>
                        Dismiss
                      </Button>
                    )}
                    {alert.status !== 'resolved' && <Button onClick={() => setStatusOpen('resolved')}>Resolve</Button>}
                    {alert.status === 'open' && (
                      <Button variant="default" onClick={() => setStatusOpen('in_progress')}>
                        Start investigating
                      </Button>
                    )}
                    {alert.subject.type === 'user' && (alert.subject.identityId ?? alert.subject.email) && (
                      <GovernanceButtons person={(alert.subject.identityId ?? alert.subject.email) as string} alertId={alert.id} reason={alert.explanation} />
                    )}
                  </>
                )
              }
            />
            <Stack>
              <Card withBorder>
                <Group gap="xs" mb="xs">
                  <SeverityBadge severity={alert.severity} />
                  <StatusBadge status={alert.status} />
                  {alert.resolution && (
                    <Text size="sm" c="dimmed" data-testid="alert-verdict">
                      Verdict: {VERDICT_WORDS[alert.resolution]}
                    </Text>
                  )}
                  {alert.resolutionNote && (
                    <Text size="sm" c="dimmed">
                      Reason: {alert.resolutionNote}
                    </Text>
                  )}
                </Group>
                <Text data-testid="alert-explanation">{explanation || alert.explanation}</Text>
                <Stack mt="sm" gap={4}>
                  <AssigneeField alertId={alert.id} assigneeId={alert.assigneeId ?? null} canChange={canChange} onChanged={refresh} />
                </Stack>
                {alert.subject.identityId && (
                  <Anchor component={Link} to={`/people/${alert.subject.identityId}`} size="sm">
                    Open {subjectLabel(alert)}’s page
                  </Anchor>
                )}
              </Card>
              {points.length > 0 && (
                <Card withBorder>
                  <Title order={2} size="h4" mb="xs">
                    Where
                  </Title>
                  <TravelMap points={points} />
                </Card>
              )}
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Evidence: {evidence.length} {evidence.length === 1 ? 'activity' : 'activities'}
                </Title>
                {evidence.length === 0 ? <EmptyState title="No evidence activities are stored for this alert" /> : <ActivityTable items={evidence} onOpen={setOpenActivity} />}
              </Card>
              <Grid>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Card withBorder h="100%">
                    <Title order={2} size="h4" mb="xs">
                      Baseline it was compared with
                    </Title>
                    <KeyValues data={baseline ?? alert.baseline ?? {}} label="Baseline" />
                  </Card>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Card withBorder h="100%">
                    <Title order={2} size="h4" mb="xs">
                      Details
                    </Title>
                    <KeyValues data={alert.details} label="Details" />
                  </Card>
                </Grid.Col>
              </Grid>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Comments
                </Title>
                <Stack gap="xs">
                  {comments.length === 0 && <Text c="dimmed">No comments yet.</Text>}
                  {comments.map((c, i) => (
                    <Text key={c.id ?? i} size="sm">
                      <b>{typeof c.author === 'object' ? c.author.name : (c.author ?? 'someone')}</b> {c.createdAt ? `(${formatTime(c.createdAt)})` : ''}: {c.text}
                    </Text>
                  ))}
                  {canChange && (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (comment.trim()) addComment.mutate();
                      }}
                    >
                      <Group align="flex-end">
                        <Textarea label="Add a comment" value={comment} onChange={(e) => setComment(e.currentTarget.value)} style={{ flex: 1 }} minRows={1} />
                        <Button type="submit" variant="default" loading={addComment.isPending} disabled={!comment.trim()}>
                          Comment
                        </Button>
                      </Group>
                    </form>
                  )}
                </Stack>
              </Card>
            </Stack>
            {statusOpen && (
              <StatusChangeModal
                opened
                count={1}
                initial={statusOpen}
                busy={changeStatus.isPending}
                lesson={benignVerdict}
                onClose={() => setStatusOpen(null)}
                onSubmit={(status, reason, resolution) => changeStatus.mutate({ status, reason, resolution })}
              />
            )}
            <ActivityDrawer id={openActivity} onClose={() => setOpenActivity(null)} />
          </>
        );
      }}
    </QueryView>
  );
}

import { useAuth } from '../auth.js';
import { GovernanceButtons } from '../components/GovernanceButtons.js';
import { Anchor, Badge, Card, Grid, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../api/client.js';
import type { Activity, IdentityDetail, Page } from '../api/types.js';
import { ActivityDrawer } from '../components/ActivityDrawer.js';
import { ActivityTable } from '../components/ActivityTable.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable, pick } from '../components/RecordTable.js';
import { EmptyState, QueryView } from '../components/states.js';
import { SeverityBadge, StatusBadge } from '../components/StatusBadge.js';
import { useConnectorNames } from '../components/useConnectorNames.js';
import { formatTime } from '../format.js';
import { identityName } from './People.js';

function Timeline({ email }: { email: string | null }) {
  const [open, setOpen] = useState<string | null>(null);
  const activity = useQuery({
    queryKey: ['activities', 'person', email],
    queryFn: () => api.get<Page<Activity>>('/activities', { user: email ?? '', limit: 50 }),
    enabled: Boolean(email),
  });
  if (!email) return <EmptyState title="No e-mail to look activity up by" />;
  return (
    <>
      <QueryView query={activity}>{({ items }) => (items.length === 0 ? <EmptyState title="No activity recorded" /> : <ActivityTable items={items} onOpen={setOpen} />)}</QueryView>
      <Anchor component={Link} to={`/activity?user=${encodeURIComponent(email)}`} size="sm">
        All of their activity
      </Anchor>
      <ActivityDrawer id={open} onClose={() => setOpen(null)} />
    </>
  );
}

export function PersonPage() {
  const { id = '' } = useParams();
  const connectorName = useConnectorNames();
  const person = useQuery({ queryKey: ['identities', 'one', id], queryFn: () => api.get<IdentityDetail>(`/identities/${id}`) });
  const { user } = useAuth();
  const canAct = user?.role === 'admin' || user?.role === 'analyst';
  return (
    <QueryView query={person}>
      {(d) => {
        const email = pick(d.identity, 'primaryEmail', 'email');
        return (
          <>
            <PageHeader
              title={identityName(d.identity)}
              actions={canAct && <GovernanceButtons person={id} />}
              description={
                <>
                  <Anchor component={Link} to="/people">
                    People
                  </Anchor>{' '}
                  · {email}
                </>
              }
            />
            <Stack>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Accounts per app
                </Title>
                <RecordTable
                  rows={d.accounts}
                  label="Accounts"
                  empty="No accounts linked"
                  rowKey={(r, i) => `${r.id}-${i}`}
                  columns={[
                    { label: 'App', render: (r) => connectorName(r.connectorInstanceId) },
                    { label: 'Account', render: (r) => pick(r, 'email', 'name', 'providerId') },
                    { label: 'Status', render: (r) => (typeof r.status === 'string' ? <StatusBadge status={r.status} /> : '—') },
                    { label: 'Admin', render: (r) => (r.isAdmin ? <Badge color="orange">admin</Badge> : 'no') },
                    { label: 'Last seen', render: (r) => formatTime((r.lastSeenAt as number | undefined) ?? r.lastLoginAt ?? null) },
                  ]}
                />
              </Card>
              <Grid>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Card withBorder h="100%">
                    <Title order={2} size="h4" mb="xs">
                      Admin roles and privileges
                    </Title>
                    <RecordTable
                      rows={d.privileges}
                      label="Privileges"
                      empty="No admin roles"
                      rowKey={(r, i) => pick(r, 'id') + i}
                      columns={[
                        { label: 'Role', render: (r) => pick(r, 'role', 'name') },
                        { label: 'Scope', render: (r) => pick(r, 'scope') },
                        { label: 'App', render: (r) => connectorName(r.connectorInstanceId) },
                      ]}
                    />
                  </Card>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Card withBorder h="100%">
                    <Title order={2} size="h4" mb="xs">
                      Groups
                    </Title>
                    <RecordTable
                      rows={d.groups}
                      label="Groups"
                      empty="Not in any group"
                      rowKey={(r, i) => pick(r, 'id') + i}
                      columns={[
                        { label: 'Group', render: (r) => pick(r, 'name', 'displayName', 'providerId') },
                        { label: 'Kind', render: (r) => pick(r, 'kind') },
                        { label: 'App', render: (r) => connectorName(r.connectorInstanceId) },
                      ]}
                    />
                  </Card>
                </Grid.Col>
              </Grid>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  OAuth grants
                </Title>
                <RecordTable
                  rows={d.oauthGrants}
                  label="OAuth grants"
                  empty="No apps granted access"
                  rowKey={(r, i) => pick(r, 'id') + i}
                  columns={[
                    { label: 'App', render: (r) => pick((r.app ?? r) as Record<string, unknown>, 'name', 'appId', 'id') },
                    { label: 'Kind', render: (r) => pick((r.grant ?? r) as Record<string, unknown>, 'kind') },
                    { label: 'Scopes', render: (r) => ((r.grant as { scopes?: string[] } | undefined)?.scopes ?? []).join(', ') || '—' },
                  ]}
                />
              </Card>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Alerts
                </Title>
                <RecordTable
                  rows={d.alerts}
                  label="Alerts about this person"
                  empty="No alerts"
                  rowKey={(r) => r.id}
                  columns={[
                    { label: 'Severity', render: (r) => <SeverityBadge severity={r.severity} /> },
                    {
                      label: 'Alert',
                      render: (r) => (
                        <Anchor component={Link} to={`/alerts/${r.id}`}>
                          {r.policyName}
                        </Anchor>
                      ),
                    },
                    { label: 'Status', render: (r) => <StatusBadge status={r.status} /> },
                    { label: 'When', render: (r) => formatTime(r.lastActivityAt) },
                  ]}
                />
              </Card>
              <Card withBorder>
                <Title order={2} size="h4" mb="xs">
                  Activity timeline
                </Title>
                <Timeline email={email === '—' ? null : email} />
              </Card>
            </Stack>
          </>
        );
      }}
    </QueryView>
  );
}

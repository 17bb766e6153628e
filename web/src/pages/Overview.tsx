import { AreaChart, BarChart } from '@mantine/charts';
import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import type { OverviewStats } from '../api/types.js';
import { PageHeader } from '../components/PageHeader.js';
import { EmptyState, QueryView } from '../components/states.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { pivotActivity } from '../lib/charts.js';
import { timeAgo } from '../format.js';

const SERIES_COLORS = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'pink.6'];

export function OverviewPage() {
  const stats = useQuery({ queryKey: ['stats', 'overview'], queryFn: () => api.get<OverviewStats>('/stats/overview'), refetchInterval: 30_000 });
  return (
    <>
      <PageHeader title="Overview" description="Your connected apps, what they are doing and what needs a look." />
      <QueryView query={stats}>
        {(data) => {
          const activity = pivotActivity(data.activityPerDay);
          return (
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Card withBorder>
                  <Text size="sm" c="dimmed">
                    Open alerts
                  </Text>
                  <Anchor component={Link} to="/alerts?status=open" fz={32} fw={700}>
                    {data.openAlerts}
                  </Anchor>
                </Card>
                <Card withBorder>
                  <Text size="sm" c="dimmed">
                    Connected apps
                  </Text>
                  <Text fz={32} fw={700}>
                    {data.connectors.length}
                  </Text>
                </Card>
                <Card withBorder>
                  <Text size="sm" c="dimmed">
                    Activities, last 30 days
                  </Text>
                  <Text fz={32} fw={700}>
                    {data.activityPerDay.reduce((sum, r) => sum + r.count, 0).toLocaleString()}
                  </Text>
                </Card>
              </SimpleGrid>
              <Card withBorder>
                <Title order={2} size="h4" mb="sm">
                  Apps and their health
                </Title>
                {data.connectors.length === 0 ? (
                  <EmptyState title="No apps connected yet">
                    <Anchor component={Link} to="/connectors/new">
                      Connect an app
                    </Anchor>{' '}
                    to start collecting its activity.
                  </EmptyState>
                ) : (
                  <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                    {data.connectors.map((c) => (
                      <Card key={c.id} withBorder padding="sm">
                        <Group justify="space-between">
                          <Anchor component={Link} to={`/connectors/${c.id}`} fw={600}>
                            {c.name}
                          </Anchor>
                          <StatusBadge status={c.status} />
                        </Group>
                        <Text size="sm" c="dimmed">
                          {c.provider}
                          {c.lastSuccessAt ? ` · synced ${timeAgo(c.lastSuccessAt)}` : ''}
                        </Text>
                        {c.statusReason && (
                          <Text size="sm" c="red" lineClamp={2}>
                            {c.statusReason}
                          </Text>
                        )}
                      </Card>
                    ))}
                  </SimpleGrid>
                )}
              </Card>
              <SimpleGrid cols={{ base: 1, lg: 2 }}>
                <Card withBorder>
                  <Title order={2} size="h4" mb="sm">
                    Alerts per day
                  </Title>
                  {data.alertsPerDay.length === 0 ? (
                    <EmptyState title="No alerts in this period" />
                  ) : (
                    <div role="img" aria-label={`Alerts per day: ${data.alertsPerDay.map((d) => `${d.day} ${d.count}`).join(', ')}`}>
                      <BarChart h={240} data={data.alertsPerDay} dataKey="day" series={[{ name: 'count', label: 'Alerts', color: 'red.6' }]} barProps={{ isAnimationActive: false }} />
                    </div>
                  )}
                </Card>
                <Card withBorder>
                  <Title order={2} size="h4" mb="sm">
                    Activity per app
                  </Title>
                  {activity.data.length === 0 ? (
                    <EmptyState title="No activity collected yet">The first sync fills this in.</EmptyState>
                  ) : (
                    <div role="img" aria-label={`Activity per app per day for ${activity.providers.join(', ')}`}>
                    <AreaChart
                      h={240}
                      data={activity.data}
                      dataKey="day"
                      type="stacked"
                      withLegend
                      areaProps={{ isAnimationActive: false }}
                      series={activity.providers.map((p, i) => ({ name: p, color: SERIES_COLORS[i % SERIES_COLORS.length] ?? 'blue.6' }))}
                    />
                    </div>
                  )}
                </Card>
              </SimpleGrid>
            </Stack>
          );
        }}
      </QueryView>
    </>
  );
}

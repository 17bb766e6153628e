import { Anchor, Badge, Code, Drawer, Group, Loader, ScrollArea, Stack, Table, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import type { Activity } from '../api/types.js';
import { formatTime } from '../format.js';
import { ErrorState } from './states.js';

const HOURS_48 = 48 * 3600 * 1000;

/** Links from one activity to its neighbours: the same user, the same IP, everything ±48 h around it. */
export function pivotLinks(activity: Pick<Activity, 'actor' | 'srcIp' | 'time'>): { label: string; to: string }[] {
  const links: { label: string; to: string }[] = [];
  const user = activity.actor.email ?? activity.actor.userId;
  if (user) links.push({ label: 'Same user', to: `/activity?user=${encodeURIComponent(user)}` });
  if (activity.srcIp) links.push({ label: 'Same IP', to: `/activity?ip=${encodeURIComponent(activity.srcIp)}` });
  const from = new Date(activity.time - HOURS_48).toISOString();
  const to = new Date(activity.time + HOURS_48).toISOString();
  links.push({ label: '±48 h', to: `/activity?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${user ? `&user=${encodeURIComponent(user)}` : ''}` });
  return links;
}

function flatten(value: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    if (value.length === 0) return out;
    if (value.every((v) => typeof v !== 'object')) out.push([prefix, value.join(', ')]);
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.push([prefix, String(value)]);
  return out;
}

/** The normalised fields of an activity (everything but `raw`), flattened to dotted names. */
export function normalisedRows(activity: Activity): [string, string][] {
  const { raw: _raw, ...rest } = activity;
  return flatten({ ...rest, time: formatTime(activity.time), ingestedAt: formatTime(activity.ingestedAt) });
}

export function ActivityDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const activity = useQuery({ queryKey: ['activities', 'one', id], queryFn: () => api.get<Activity>(`/activities/${id ?? ''}`), enabled: Boolean(id) });
  return (
    <Drawer opened={Boolean(id)} onClose={onClose} position="right" size="xl" title="Activity" scrollAreaComponent={ScrollArea.Autosize}>
      {activity.isPending ? (
        <Loader />
      ) : activity.isError ? (
        <ErrorState error={activity.error} retry={() => void activity.refetch()} />
      ) : (
        <Stack>
          <Group gap="xs">
            <Badge>{activity.data.action}</Badge>
            <Badge color={activity.data.outcome === 'failure' ? 'red' : 'green'} variant="light">
              {activity.data.outcome}
            </Badge>
            <Text size="sm">{formatTime(activity.data.time)}</Text>
          </Group>
          {activity.data.message && <Text>{activity.data.message}</Text>}
          <Group gap="md" aria-label="Pivots">
            {pivotLinks(activity.data).map((l) => (
              <Anchor key={l.label} component={Link} to={l.to} onClick={onClose}>
                {l.label}
              </Anchor>
            ))}
          </Group>
          <Tabs defaultValue="fields">
            <Tabs.List>
              <Tabs.Tab value="fields">Normalised fields</Tabs.Tab>
              <Tabs.Tab value="raw">Raw record</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="fields" pt="sm">
              <Table withRowBorders={false} verticalSpacing={2} fz="sm">
                <Table.Tbody>
                  {normalisedRows(activity.data).map(([k, v]) => (
                    <Table.Tr key={k}>
                      <Table.Th w={200} fw={500} c="dimmed">
                        {k}
                      </Table.Th>
                      <Table.Td style={{ wordBreak: 'break-all' }}>{v}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Tabs.Panel>
            <Tabs.Panel value="raw" pt="sm">
              <Code block data-testid="raw-record">
                {JSON.stringify(activity.data.raw, null, 2)}
              </Code>
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}

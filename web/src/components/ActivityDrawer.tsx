import { Anchor, Badge, Code, Drawer, Group, Loader, ScrollArea, Stack, Table, Tabs, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import type { Activity } from '../api/types.js';
import { formatTime } from '../format.js';
import { normalisedRows, pivotLinks } from '../lib/activity.js';
import { ErrorState } from './states.js';

export function ActivityDrawer({ id, onClose }: { id: string | null; onClose(): void }) {
  const activity = useQuery({ queryKey: ['activities', 'one', id], queryFn: () => api.get<Activity>(`/activities/${id ?? ''}`), enabled: Boolean(id) });
  return (
    <Drawer opened={Boolean(id)} onClose={onClose} position="right" size="xl" title="Activity" closeButtonProps={{ "aria-label": "Close the activity" }} scrollAreaComponent={ScrollArea.Autosize}>
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

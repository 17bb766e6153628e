import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client.js';
import type { Connector, Items } from '../api/types.js';
import { useCanChange } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { EmptyState, QueryView } from '../components/states.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { formatLag, timeAgo } from '../format.js';
import { KEYBOARD_SCROLL } from '../components/keyboard-scroll.js';

/** The worst stream lag: how far behind the provider this connection is. */
export function connectorLag(connector: Connector): number | null {
  const lags = connector.streams.map((s) => s.lagSeconds).filter((l): l is number => typeof l === 'number');
  return lags.length ? Math.max(...lags) : null;
}

/** Errors in plain words: the status reason, else the first stream error. */
export function connectorProblem(connector: Connector): string | null {
  if (connector.statusReason) return connector.statusReason;
  const failing = connector.streams.find((s) => s.lastError);
  return failing ? `${failing.stream}: ${failing.lastError}` : null;
}

export function ConnectorsPage() {
  const connectors = useQuery({ queryKey: ['connectors'], queryFn: () => api.get<Items<Connector>>('/connectors'), refetchInterval: 10_000 });
  const canChange = useCanChange('connectors');
  return (
    <>
      <PageHeader
        title="Connectors"
        description="Each connection reads one app's audit trail and inventory through its public API."
        actions={
          canChange && (
            <Button component={Link} to="/connectors/new">
              Connect an app
            </Button>
          )
        }
      />
      <QueryView query={connectors}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title="No apps connected">{canChange ? 'Use “Connect an app” to add the first one.' : 'An admin can connect apps.'}</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={720} scrollAreaProps={KEYBOARD_SCROLL}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>App</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Last sync</Table.Th>
                    <Table.Th>Lag</Table.Th>
                    <Table.Th>Accounts</Table.Th>
                    <Table.Th>Activities</Table.Th>
                    <Table.Th>Problem</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/connectors/${c.id}`}>
                          {c.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{c.displayName}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={c.enabled ? c.status : 'disabled'} />
                      </Table.Td>
                      <Table.Td>{timeAgo(c.lastSyncAt)}</Table.Td>
                      <Table.Td>{formatLag(connectorLag(c))}</Table.Td>
                      <Table.Td>{c.accounts.toLocaleString()}</Table.Td>
                      <Table.Td>{c.activities.toLocaleString()}</Table.Td>
                      <Table.Td maw={320}>
                        <Text size="sm" c={connectorProblem(c) ? 'red' : 'dimmed'} lineClamp={2}>
                          {connectorProblem(c) ?? 'None'}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </>
  );
}

export function StreamTable({ connector }: { connector: Connector }) {
  if (connector.streams.length === 0) return <EmptyState title="No stream has run yet">The first sync starts within a minute.</EmptyState>;
  return (
    <Table.ScrollContainer minWidth={640} scrollAreaProps={KEYBOARD_SCROLL}>
      <Table aria-label="Streams">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Stream</Table.Th>
            <Table.Th>Last success</Table.Th>
            <Table.Th>Newest event</Table.Th>
            <Table.Th>Lag</Table.Th>
            <Table.Th>Records last run</Table.Th>
            <Table.Th>Last error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {connector.streams.map((s) => (
            <Table.Tr key={s.stream} data-testid={`stream-${s.stream}`}>
              <Table.Td>
                {s.stream}
                {s.running && (
                  <Text span size="xs" c="blue" ml={6}>
                    syncing…
                  </Text>
                )}
                {s.collected === false && (
                  <Text span size="xs" c="dimmed" ml={6}>
                    not collected
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{timeAgo(s.lastSuccessAt)}</Table.Td>
              <Table.Td>{timeAgo(s.newestEventAt)}</Table.Td>
              <Table.Td>{formatLag(s.lagSeconds)}</Table.Td>
              <Table.Td>{s.recordsLastRun ?? '—'}</Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm" c={s.lastError ? 'red' : 'dimmed'}>
                    {s.lastError ?? 'None'}
                  </Text>
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function SyncProgress({ connector }: { connector: Connector }) {
  const streams = connector.streams.filter((s) => s.collected !== false);
  const done = streams.filter((s) => s.lastSuccessAt).length;
  return (
    <Group gap="xs" aria-live="polite">
      <Text size="sm">
        {done} of {streams.length} streams synced{streams.some((s) => s.running) ? ', syncing…' : ''}
      </Text>
    </Group>
  );
}

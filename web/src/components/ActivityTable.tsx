import { Badge, Table, Text, UnstyledButton } from '@mantine/core';
import type { Activity } from '../api/types.js';
import { formatTime } from '../format.js';
import { KEYBOARD_SCROLL } from './keyboard-scroll.js';

export function actorLabel(a: Activity): string {
  return a.actor.email ?? a.actor.name ?? a.actor.userId ?? a.actor.appName ?? '—';
}

export function placeLabel(a: Activity): string {
  return [a.geo.city, a.geo.country].filter(Boolean).join(', ') || '—';
}

/** Rows of activities; a row opens its drawer by click or Enter. */
export function ActivityTable({ items, onOpen }: { items: Activity[]; onOpen?(id: string): void }) {
  return (
    <Table.ScrollContainer minWidth={860} scrollAreaProps={KEYBOARD_SCROLL}>
      <Table highlightOnHover striped aria-label="Activities">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>App</Table.Th>
            <Table.Th>User</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>IP</Table.Th>
            <Table.Th>Place</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((a) => (
            <Table.Tr key={a.id} data-testid="activity-row">
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {onOpen ? (
                  <UnstyledButton onClick={() => onOpen(a.id)} aria-label={`Open activity ${a.action} at ${formatTime(a.time)}`}>
                    <Text size="sm" td="underline">
                      {formatTime(a.time)}
                    </Text>
                  </UnstyledButton>
                ) : (
                  formatTime(a.time)
                )}
              </Table.Td>
              <Table.Td>{a.app}</Table.Td>
              <Table.Td>{actorLabel(a)}</Table.Td>
              <Table.Td>
                <Badge variant="light" tt="none">
                  {a.action}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={a.outcome === 'failure' ? 'red' : undefined}>
                  {a.outcome}
                </Text>
              </Table.Td>
              <Table.Td>{a.srcIp ?? '—'}</Table.Td>
              <Table.Td>{placeLabel(a)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

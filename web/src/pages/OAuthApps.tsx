import { Badge, Card, Group, SegmentedControl, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.js';
import type { OAuthApp, Page } from '../api/types.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable, pick } from '../components/RecordTable.js';
import { QueryView } from '../components/states.js';

export function OAuthAppsPage() {
  const [scope, setScope] = useState('third');
  const apps = useQuery({
    queryKey: ['oauth-apps', scope],
    queryFn: () => api.get<Page<OAuthApp>>('/oauth-apps', scope === 'third' ? { thirdParty: true } : {}),
  });
  return (
    <>
      <PageHeader title="OAuth apps" description="Apps people have granted access to their accounts, and what they may do." />
      <Group mb="md">
        <SegmentedControl
          aria-label="Which apps"
          value={scope}
          onChange={setScope}
          data={[
            { value: 'third', label: 'Third-party' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>
      <QueryView query={apps}>
        {({ items }) => (
          <Card withBorder>
            <RecordTable
              rows={items}
              label="OAuth apps"
              empty="No OAuth apps found"
              rowKey={(a) => a.id}
              columns={[
                { label: 'App', render: (a) => <Text fw={600}>{pick(a, 'displayName', 'name', 'id')}</Text> },
                { label: 'Publisher', render: (a) => pick(a, 'publisher', 'publisherName') },
                { label: 'App', render: (a) => pick(a, 'app', 'provider') },
                { label: 'Users', render: (a) => (typeof a.users === 'number' ? a.users : (a.grants?.length ?? '—')) },
                {
                  label: 'Scopes',
                  render: (a) => (
                    <Group gap={4}>
                      {(a.scopes ?? []).slice(0, 8).map((s) => (
                        <Badge key={s} variant="light" tt="none" size="sm">
                          {s}
                        </Badge>
                      ))}
                      {(a.scopes?.length ?? 0) > 8 && <Text size="xs">+{(a.scopes?.length ?? 0) - 8} more</Text>}
                    </Group>
                  ),
                },
              ]}
            />
          </Card>
        )}
      </QueryView>
    </>
  );
}

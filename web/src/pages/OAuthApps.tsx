import { Badge, Card, Group, SegmentedControl, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client.js';
import type { OAuthApp, Page } from '../api/types.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable, pick } from '../components/RecordTable.js';
import { QueryView } from '../components/states.js';
import { useConnectorNames } from '../components/useConnectorNames.js';

/** Every scope the app holds across its grants, once each. */
export function appScopes(app: OAuthApp): string[] {
  return [...new Set([...(app.scopes ?? []), ...(app.grants ?? []).flatMap((g) => g.scopes ?? [])])];
}

function grantSummary(app: OAuthApp): string {
  const grants = app.grants ?? [];
  const people = new Set(grants.map((g) => g.principalProviderId ?? g.user ?? g.email).filter(Boolean)).size;
  const tenantWide = grants.some((g) => g.kind === 'application' || g.principalProviderId === null);
  return `${people} ${people === 1 ? 'person' : 'people'}${tenantWide ? ', tenant-wide' : ''}`;
}

export function OAuthAppsPage() {
  const connectorName = useConnectorNames();
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
                { label: 'OAuth app', render: (a) => <Text fw={600}>{pick(a, 'displayName', 'name', 'appId', 'id')}</Text> },
                { label: 'Publisher', render: (a) => `${pick(a, 'publisher', 'publisherName')}${a.verifiedPublisher ? ' (verified)' : ''}` },
                { label: 'In', render: (a) => connectorName(a.connectorInstanceId) },
                { label: 'Grants', render: (a) => grantSummary(a) },
                {
                  label: 'Scopes',
                  render: (a) => (
                    <Group gap={4}>
                      {appScopes(a).slice(0, 8).map((s) => (
                        <Badge key={s} variant="light" tt="none" size="sm">
                          {s}
                        </Badge>
                      ))}
                      {appScopes(a).length > 8 && <Text size="xs">+{appScopes(a).length - 8} more</Text>}
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

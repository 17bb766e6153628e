import { Anchor, Badge, Card, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client.js';
import type { Identity, Page } from '../api/types.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable, pick } from '../components/RecordTable.js';
import { QueryView } from '../components/states.js';
import { useConnectorNames } from '../components/useConnectorNames.js';

export function identityName(identity: Identity): string {
  return pick(identity, 'displayName', 'name', 'primaryEmail', 'email', 'id');
}

export function PeoplePage() {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(q, 300);
  const connectorName = useConnectorNames();
  const people = useQuery({ queryKey: ['identities', debounced], queryFn: () => api.get<Page<Identity>>('/identities', { q: debounced, limit: 200 }) });
  return (
    <>
      <PageHeader title="People" description="Each person with their accounts across every connected app." />
      <Card withBorder mb="md">
        <TextInput
          label="Search people"
          placeholder="Name or e-mail"
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setParams(e.currentTarget.value ? { q: e.currentTarget.value } : {}, { replace: true });
          }}
        />
      </Card>
      <QueryView query={people}>
        {({ items }) => (
          <RecordTable
            rows={items}
            label="People"
            empty={debounced ? 'Nobody matches that search' : 'No people yet: they appear after the first inventory sync'}
            rowKey={(r) => r.id}
            columns={[
              {
                label: 'Name',
                render: (r) => (
                  <Anchor component={Link} to={`/people/${r.id}`}>
                    {identityName(r)}
                  </Anchor>
                ),
              },
              { label: 'E-mail', render: (r) => pick(r, 'primaryEmail', 'email') },
              { label: 'Accounts', render: (r) => (Array.isArray(r.accounts) ? r.accounts.map((a: { connectorInstanceId?: string }) => connectorName(a.connectorInstanceId)).join(', ') : '—') },
              { label: 'Admin', render: (r) => (Array.isArray(r.accounts) && r.accounts.some((a: { isAdmin?: boolean | null }) => a.isAdmin) ? <Badge color="orange">admin</Badge> : 'no') },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}

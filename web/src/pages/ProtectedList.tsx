import { Button, Card, Group, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api/client.js';
import type { Items } from '../api/types.js';
import { RecordTable } from '../components/RecordTable.js';
import { QueryView } from '../components/states.js';
import { formatTime } from '../format.js';

interface ProtectedTarget {
  match: string;
  reason: string;
  addedBy: string;
  addedAt: number;
}

/** The protected list governance obeys: everyone signed in reads it, an admin adds and removes entries. */
export function ProtectedList({ canEdit }: { canEdit: boolean }) {
  const client = useQueryClient();
  const [match, setMatch] = useState('');
  const [reason, setReason] = useState('');
  const list = useQuery({ queryKey: ['governance', 'protected'], queryFn: () => api.get<Items<ProtectedTarget>>('/governance/protected') });
  const done = (title: string) => {
    void client.invalidateQueries({ queryKey: ['governance', 'protected'] });
    notifications.show({ color: 'teal', title, message: '' });
  };
  const failed = (e: unknown) => notifications.show({ color: 'red', title: 'Not done', message: errorText(e) });
  const add = useMutation({
    mutationFn: () => api.post<ProtectedTarget>('/governance/protected', { match, reason }),
    onSuccess: (entry) => {
      setMatch('');
      setReason('');
      done(`${entry.match} is protected`);
    },
    onError: failed,
  });
  const remove = useMutation({ mutationFn: (entry: string) => api.delete<null>(`/governance/protected/${encodeURIComponent(entry)}`), onSuccess: () => done('Removed from the protected list'), onError: failed });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Protected list
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        No action touches these: break-glass accounts, VIPs, whole domains (*@example.com). Administrators are protected unless a rule allows them.
      </Text>
      {canEdit && (
        <form onSubmit={submit} aria-label="Protect an account">
          <Group align="end" mb="sm">
            <TextInput label="E-mail, provider id or *@domain" value={match} onChange={(e) => setMatch(e.currentTarget.value)} required />
            <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} required />
            <Button type="submit" loading={add.isPending}>
              Protect
            </Button>
          </Group>
        </form>
      )}
      <QueryView query={list}>
        {({ items }) => (
          <RecordTable
            rows={items}
            label="Protected list"
            empty="Nothing is protected yet"
            rowKey={(r) => r.match}
            columns={[
              { label: 'Match', render: (r) => r.match },
              { label: 'Reason', render: (r) => r.reason },
              { label: 'Added by', render: (r) => r.addedBy },
              { label: 'Added', render: (r) => formatTime(r.addedAt) },
              {
                label: '',
                render: (r) =>
                  canEdit && (
                    <Button size="xs" variant="default" aria-label={`Remove ${r.match}`} onClick={() => remove.mutate(r.match)}>
                      Remove
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}

import { Alert, Button, Card, Code, Group, PasswordInput, Select, Stack, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api/client.js';
import type { ApiToken, IpRange, Items, Page, User } from '../api/types.js';
import { useAuth, useCanChange } from '../auth.js';
import { PageHeader } from '../components/PageHeader.js';
import { RecordTable, pick } from '../components/RecordTable.js';
import { ErrorState, PageLoading, QueryView } from '../components/states.js';
import { formatTime } from '../format.js';

function useChange<T>(fn: (input: T) => Promise<unknown>, key: string, done: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      notifications.show({ message: done });
      void queryClient.invalidateQueries({ queryKey: [key] });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Not saved', message: errorText(e) }),
  });
}

function Users() {
  const canChange = useCanChange('users');
  const { user: me } = useAuth();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.get<Items<User>>('/users') });
  const [form, setForm] = useState({ username: '', password: '', role: 'viewer' });
  const create = useChange((input: typeof form) => api.post('/users', input), 'users', 'User added');
  const setRole = useChange(({ id, role }: { id: string; role: string }) => api.patch(`/users/${id}`, { role }), 'users', 'Role changed');
  const remove = useChange((id: string) => api.delete(`/users/${id}`), 'users', 'User removed');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(form, { onSuccess: () => setForm({ username: '', password: '', role: 'viewer' }) });
  };
  return (
    <Stack>
      <QueryView query={users}>
        {({ items }) => (
          <RecordTable
            rows={items}
            label="Users"
            empty="No users"
            rowKey={(u) => u.id}
            columns={[
              { label: 'Username', render: (u) => `${u.username}${u.sso ? ' (single sign-on)' : ''}${u.disabled ? ' (disabled)' : ''}` },
              { label: 'Last sign-in', render: (u) => formatTime(u.lastLoginAt ?? null) },
              {
                label: 'Role',
                render: (u) =>
                  canChange && u.id !== me?.id ? (
                    <Select aria-label={`Role of ${u.username}`} data={['admin', 'analyst', 'viewer']} value={u.role} onChange={(v) => v && setRole.mutate({ id: u.id, role: v })} allowDeselect={false} w={140} />
                  ) : (
                    u.role
                  ),
              },
              {
                label: '',
                render: (u) =>
                  canChange && u.id !== me?.id ? (
                    <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(u.id)}>
                      Remove {u.username}
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryView>
      {canChange && (
        <form onSubmit={submit}>
          <Group align="flex-end">
            <TextInput label="Username" required value={form.username} onChange={(e) => setForm({ ...form, username: e.currentTarget.value })} />
            <PasswordInput label="Password" required autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} w={220} />
            <Select label="Role" data={['admin', 'analyst', 'viewer']} value={form.role} onChange={(v) => v && setForm({ ...form, role: v })} allowDeselect={false} w={140} />
            <Button type="submit" loading={create.isPending}>
              Add user
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}

function Tokens() {
  // Every signed-in user manages their own tokens (a viewer's token can only read).
  const canChange = Boolean(useAuth().user);
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api.get<Items<ApiToken>>('/tokens') });
  const [form, setForm] = useState({ name: '', scope: 'read', expiresInDays: '90' });
  const [shown, setShown] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => {
      return api.post<{ token: ApiToken; secret: string }>('/tokens', { name: form.name, scope: form.scope, expiresInDays: form.expiresInDays ? Number(form.expiresInDays) : null });
    },
    onSuccess: (t) => {
      setShown(t.secret);
      setForm({ ...form, name: '' });
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (e) => notifications.show({ color: 'red', title: 'Token not created', message: errorText(e) }),
  });
  const revoke = useChange((id: string) => api.delete(`/tokens/${id}`), 'tokens', 'Token revoked');
  return (
    <Stack>
      {shown && (
        <Alert color="green" title="Copy the token now: it is not shown again" withCloseButton onClose={() => setShown(null)}>
          <Code block>{shown}</Code>
        </Alert>
      )}
      <QueryView query={tokens}>
        {({ items }) => (
          <RecordTable
            rows={items}
            label="API tokens"
            empty="No API tokens"
            rowKey={(t) => t.id}
            columns={[
              { label: 'Name', render: (t) => t.name },
              { label: 'Starts with', render: (t) => <Code>{t.prefix ?? '—'}</Code> },
              { label: 'Scope', render: (t) => t.scope },
              { label: 'Expires', render: (t) => formatTime(t.expiresAt ?? null) },
              { label: 'Last used', render: (t) => formatTime(t.lastUsedAt ?? null) },
              {
                label: '',
                render: (t) =>
                  canChange ? (
                    <Button size="xs" color="red" variant="subtle" onClick={() => revoke.mutate(t.id)}>
                      Revoke {t.name}
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryView>
      {canChange && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Group align="flex-end">
            <TextInput label="Token name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} />
            <Select label="Scope" data={['read', 'read-write']} value={form.scope} onChange={(v) => v && setForm({ ...form, scope: v })} allowDeselect={false} w={140} />
            <TextInput label="Expires in (days)" description="Empty: never" type="number" min={1} value={form.expiresInDays} onChange={(e) => setForm({ ...form, expiresInDays: e.currentTarget.value })} w={140} />
            <Button type="submit" loading={create.isPending}>
              Create token
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}

function IpRanges() {
  const canChange = useCanChange('ip-ranges');
  const ranges = useQuery({ queryKey: ['ip-ranges'], queryFn: () => api.get<Items<IpRange>>('/ip-ranges') });
  const [form, setForm] = useState({ cidr: '', tag: 'corporate', label: '' });
  const create = useChange((input: { cidr: string; tag: string; label: string | null }) => api.post('/ip-ranges', input), 'ip-ranges', 'IP range added');
  const remove = useChange((id: string) => api.delete(`/ip-ranges/${id}`), 'ip-ranges', 'IP range removed');
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Tagged ranges tell detections what is yours: a corporate or VPN range is never compared for travel.
      </Text>
      <QueryView query={ranges}>
        {({ items }) => (
          <RecordTable
            rows={items}
            label="IP ranges"
            empty="No IP ranges tagged"
            rowKey={(r) => r.id}
            columns={[
              { label: 'Range', render: (r) => <Code>{r.cidr}</Code> },
              { label: 'Tag', render: (r) => pick(r, 'tag', 'tags') },
              { label: 'Label', render: (r) => pick(r, 'label', 'name') },
              {
                label: '',
                render: (r) =>
                  canChange ? (
                    <Button size="xs" color="red" variant="subtle" onClick={() => remove.mutate(r.id)}>
                      Remove {r.cidr}
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryView>
      {canChange && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ ...form, label: form.label || null }, { onSuccess: () => setForm({ cidr: '', tag: 'corporate', label: '' }) });
          }}
        >
          <Group align="flex-end">
            <TextInput label="CIDR" placeholder="203.0.113.0/24" required value={form.cidr} onChange={(e) => setForm({ ...form, cidr: e.currentTarget.value })} />
            <Select label="Tag" data={['corporate', 'vpn', 'cloud', 'risky']} value={form.tag} onChange={(v) => v && setForm({ ...form, tag: v })} allowDeselect={false} w={140} />
            <TextInput label="Label" value={form.label} onChange={(e) => setForm({ ...form, label: e.currentTarget.value })} />
            <Button type="submit" loading={create.isPending}>
              Add range
            </Button>
          </Group>
        </form>
      )}
    </Stack>
  );
}

interface Feed {
  feed: string;
  kind: string;
  entries: number;
  importedAt: number;
}
interface FeedImport {
  feed: string;
  imported: number;
  rejected: { line: number; text: string }[];
}

function Feeds() {
  const canChange = useCanChange('feeds');
  const queryClient = useQueryClient();
  const feeds = useQuery({ queryKey: ['feeds'], queryFn: () => api.get<Items<Feed>>('/intel/feeds') });
  const [kind, setKind] = useState('threat');
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const importFeed = useMutation({
    mutationFn: () => api.post<FeedImport>('/intel/feeds', { kind, text, ...(name.trim() ? { name: name.trim() } : {}) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['feeds'] }),
  });
  return (
    <Stack>
      <QueryView query={feeds}>
        {({ items }) => (
          <RecordTable
            rows={items}
            label="Threat feeds"
            empty="No feeds imported"
            rowKey={(f) => f.feed}
            columns={[
              { label: 'Feed', render: (f) => f.feed },
              { label: 'Kind', render: (f) => f.kind },
              { label: 'Entries', render: (f) => f.entries.toLocaleString() },
              { label: 'Imported', render: (f) => formatTime(f.importedAt) },
            ]}
          />
        )}
      </QueryView>
      {canChange ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            importFeed.mutate();
          }}
        >
          <Stack maw={720}>
            <Group>
              <Select label="Feed kind" data={['threat', 'tor', 'anonymizer']} value={kind} onChange={(v) => v && setKind(v)} allowDeselect={false} w={200} />
              <TextInput label="Feed name" description="Replaces the feed of the same name; default: the kind" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            </Group>
            <Textarea label="Feed text" description="One IP address or CIDR per line; # starts a comment." autosize minRows={6} value={text} onChange={(e) => setText(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
            {importFeed.error && <Text c="red">{errorText(importFeed.error)}</Text>}
            {importFeed.data && (
              <Alert color={importFeed.data.rejected.length ? 'yellow' : 'green'} title={`${importFeed.data.imported} entries imported into ${importFeed.data.feed}`}>
                {importFeed.data.rejected.length > 0 && (
                  <Stack gap={2}>
                    <Text size="sm">These lines were not addresses or ranges:</Text>
                    {importFeed.data.rejected.slice(0, 20).map((r) => (
                      <Text key={r.line} size="sm" ff="monospace">
                        line {r.line}: {r.text}
                      </Text>
                    ))}
                  </Stack>
                )}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={importFeed.isPending} disabled={!text.trim()}>
                Import feed
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Text c="dimmed">An admin imports threat feeds.</Text>
      )}
    </Stack>
  );
}

interface AuditEvent {
  id: string;
  time: number;
  actor: { userId: string | null; name: string | null; via: string };
  action: string;
  target: { type: string | null; id: string | null };
  detail: Record<string, unknown>;
  ip: string | null;
}

function AuditLog() {
  const log = useInfiniteQuery({
    queryKey: ['audit-log'],
    queryFn: ({ pageParam }) => api.get<Page<AuditEvent>>('/audit-log', { cursor: pageParam, limit: 100 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (log.isPending) return <PageLoading />;
  if (log.isError) return <ErrorState error={log.error} retry={() => void log.refetch()} />;
  const items = log.data.pages.flatMap((p) => p.items);
  return (
    <Stack>
      <RecordTable
        rows={items}
        label="Audit log"
        empty="Nothing recorded yet"
        rowKey={(e) => e.id}
        columns={[
          { label: 'When', render: (e) => formatTime(e.time) },
          { label: 'Who', render: (e) => `${e.actor.name ?? 'system'} (${e.actor.via})` },
          { label: 'Action', render: (e) => <Code>{e.action}</Code> },
          { label: 'Target', render: (e) => [e.target.type, e.target.id].filter(Boolean).join(' ') || '—' },
          { label: 'From', render: (e) => e.ip ?? '—' },
        ]}
      />
      {log.hasNextPage && (
        <Group justify="center">
          <Button variant="subtle" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function SettingsPage() {
  const { user } = useAuth();
  const admin = user?.role === 'admin';
  return (
    <>
      <PageHeader title="Settings" description="Who can sign in, API tokens, your IP ranges, threat feeds and Parapet's own audit log." />
      <Card withBorder>
        <Tabs defaultValue={admin ? 'users' : 'ip-ranges'} keepMounted={false}>
          <Tabs.List>
            {admin && <Tabs.Tab value="users">Users</Tabs.Tab>}
            <Tabs.Tab value="tokens">API tokens</Tabs.Tab>
            <Tabs.Tab value="ip-ranges">IP ranges and tags</Tabs.Tab>
            <Tabs.Tab value="feeds">Threat feeds</Tabs.Tab>
            {admin && <Tabs.Tab value="audit">Audit log</Tabs.Tab>}
          </Tabs.List>
          {admin && (
            <Tabs.Panel value="users" pt="md">
              <Users />
            </Tabs.Panel>
          )}
          <Tabs.Panel value="tokens" pt="md">
            <Tokens />
          </Tabs.Panel>
          <Tabs.Panel value="ip-ranges" pt="md">
            <IpRanges />
          </Tabs.Panel>
          <Tabs.Panel value="feeds" pt="md">
            <Feeds />
          </Tabs.Panel>
          {admin && (
            <Tabs.Panel value="audit" pt="md">
              <AuditLog />
            </Tabs.Panel>
          )}
        </Tabs>
      </Card>
    </>
  );
}

import { Button, Card, Group, Menu, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, apiUrl } from '../api/client.js';
import type { Activity, Page } from '../api/types.js';
import { ActivityDrawer } from '../components/ActivityDrawer.js';
import { ActivityTable } from '../components/ActivityTable.js';
import { PageHeader } from '../components/PageHeader.js';
import { EmptyState, ErrorState, PageLoading } from '../components/states.js';

/** The filters the API takes (API-CONTRACT.md GET /activities), in the order the form shows them. */
export const ACTIVITY_FILTERS = ['q', 'user', 'ip', 'cidr', 'country', 'action', 'outcome', 'app', 'connector', 'from', 'to'] as const;
type Filter = (typeof ACTIVITY_FILTERS)[number];
type Filters = Partial<Record<Filter, string>>;

const LABELS: Record<Filter, string> = {
  q: 'Text search',
  user: 'User (e-mail or id)',
  ip: 'IP address',
  cidr: 'IP range (CIDR)',
  country: 'Country (ISO code)',
  action: 'Action',
  outcome: 'Outcome',
  app: 'App',
  connector: 'Connector id',
  from: 'From (ISO time)',
  to: 'To (ISO time)',
};

const SAVED_KEY = 'parapet.saved-activity-queries';
export interface SavedQuery {
  name: string;
  filters: Filters;
}
export function loadSavedQueries(storage: Storage = localStorage): SavedQuery[] {
  try {
    const parsed = JSON.parse(storage.getItem(SAVED_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as SavedQuery[]) : [];
  } catch {
    return [];
  }
}
function storeSavedQueries(queries: SavedQuery[]): void {
  localStorage.setItem(SAVED_KEY, JSON.stringify(queries));
}

export function filtersFrom(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const key of ACTIVITY_FILTERS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** `from`/`to` typed as ISO text or a date go to the API as ISO instants. */
function apiFilters(filters: Filters): Filters {
  const out: Filters = { ...filters };
  for (const key of ['from', 'to'] as const) {
    const value = filters[key];
    if (value) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) out[key] = date.toISOString();
    }
  }
  return out;
}

export function ActivityPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [draft, setDraft] = useState<Filters>(filters);
  const [openId, setOpenId] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedQuery[]>(() => loadSavedQueries());
  const [saveName, setSaveName] = useState('');
  const sentinel = useRef<HTMLDivElement>(null);
  const key = params.toString();

  useEffect(() => setDraft(filtersFrom(new URLSearchParams(key))), [key]);

  const activities = useInfiniteQuery({
    queryKey: ['activities', 'list', key],
    queryFn: ({ pageParam }) => api.get<Page<Activity>>('/activities', { ...apiFilters(filters), limit: 100, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = activities;

  useEffect(() => {
    const node = sentinel.current;
    if (!node) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v) next.set(k, v);
    setParams(next);
  };
  const saveQuery = () => {
    if (!saveName.trim()) return;
    const next = [...saved.filter((q) => q.name !== saveName.trim()), { name: saveName.trim(), filters }];
    setSaved(next);
    storeSavedQueries(next);
    setSaveName('');
  };
  const deleteQuery = (name: string) => {
    const next = saved.filter((q) => q.name !== name);
    setSaved(next);
    storeSavedQueries(next);
  };

  const items = activities.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        title="Activity log"
        description="Every app's audit trail in one normalised log. Newest first."
        actions={
          <Menu>
            <Menu.Target>
              <Button variant="default">Export</Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={apiUrl('/activities/export', { ...apiFilters(filters), format: 'jsonl' })} download>
                JSON lines
              </Menu.Item>
              <Menu.Item component="a" href={apiUrl('/activities/export', { ...apiFilters(filters), format: 'csv' })} download>
                CSV
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        }
      />
      <Card withBorder mb="md">
        <form onSubmit={apply} aria-label="Activity filters">
          <SimpleGrid cols={{ base: 1, sm: 3, lg: 4 }} spacing="xs">
            {ACTIVITY_FILTERS.map((f) =>
              f === 'outcome' ? (
                <Select
                  key={f}
                  label={LABELS[f]}
                  clearable
                  data={['success', 'failure', 'unknown']}
                  value={draft.outcome ?? null}
                  onChange={(v) => setDraft({ ...draft, outcome: v ?? '' })}
                />
              ) : (
                <TextInput key={f} label={LABELS[f]} name={f} value={draft[f] ?? ''} onChange={(e) => setDraft({ ...draft, [f]: e.currentTarget.value })} />
              ),
            )}
          </SimpleGrid>
          <Group mt="sm" justify="space-between">
            <Group gap="xs">
              <Button type="submit">Apply filters</Button>
              <Button variant="default" onClick={() => setParams(new URLSearchParams())}>
                Clear
              </Button>
            </Group>
            <Group gap="xs">
              <TextInput aria-label="Name for this query" placeholder="Name this query" value={saveName} onChange={(e) => setSaveName(e.currentTarget.value)} size="sm" />
              <Button variant="default" onClick={saveQuery} disabled={!saveName.trim()}>
                Save query
              </Button>
              <Menu>
                <Menu.Target>
                  <Button variant="default" disabled={saved.length === 0}>
                    Saved queries ({saved.length})
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {saved.map((q) => (
                    <Menu.Item key={q.name} onClick={() => setParams(new URLSearchParams(q.filters as Record<string, string>))} rightSection={<Text size="xs" c="dimmed">{Object.keys(q.filters).join(', ') || 'all'}</Text>}>
                      {q.name}
                    </Menu.Item>
                  ))}
                  {saved.length > 0 && <Menu.Divider />}
                  {saved.map((q) => (
                    <Menu.Item key={`del-${q.name}`} color="red" onClick={() => deleteQuery(q.name)}>
                      Delete “{q.name}”
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
        </form>
      </Card>
      {activities.isPending ? (
        <PageLoading />
      ) : activities.isError ? (
        <ErrorState error={activities.error} retry={() => void activities.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No activities match">{Object.keys(filters).length ? 'Loosen or clear the filters.' : 'Activities appear here as connectors sync.'}</EmptyState>
      ) : (
        <Stack gap="xs">
          <ActivityTable items={items} onOpen={setOpenId} />
          <div ref={sentinel} />
          <Group justify="center">
            {hasNextPage ? (
              <Button variant="subtle" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
                Load more
              </Button>
            ) : (
              <Text size="sm" c="dimmed">
                {items.length.toLocaleString()} activities, end of the log
              </Text>
            )}
          </Group>
        </Stack>
      )}
      <ActivityDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

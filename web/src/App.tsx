import { ActionIcon, AppShell, Burger, Group, Menu, NavLink, Text, Title, Tooltip, UnstyledButton, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, RequireAuth, useAuth } from './auth.js';
import { EmptyState } from './components/states.js';
import { ActivityPage } from './pages/Activity.js';
import { AlertDetailPage } from './pages/AlertDetail.js';
import { AlertsPage } from './pages/Alerts.js';
import { ConnectWizardPage } from './pages/ConnectWizard.js';
import { ConnectorDetailPage } from './pages/ConnectorDetail.js';
import { ConnectorsPage } from './pages/Connectors.js';
import { GovernancePage } from './pages/Governance.js';
import { OAuthAppsPage } from './pages/OAuthApps.js';
import { PosturePage } from './pages/Posture.js';
import { OverviewPage } from './pages/Overview.js';
import { PeoplePage } from './pages/People.js';
import { PersonPage } from './pages/Person.js';
import { PoliciesPage } from './pages/Policies.js';
import { PolicyPage } from './pages/Policy.js';
import { SettingsPage } from './pages/Settings.js';
import { SignInPage } from './pages/SignIn.js';

const NAV = [
  { to: '/', label: 'Overview' },
  { to: '/connectors', label: 'Connectors' },
  { to: '/activity', label: 'Activity log' },
  { to: '/people', label: 'People' },
  { to: '/alerts', label: 'Alerts' },
  { to: '/policies', label: 'Policies' },
  { to: '/oauth-apps', label: 'OAuth apps' },
  { to: '/posture', label: 'Posture' },
  { to: '/governance', label: 'Governance' },
  { to: '/settings', label: 'Settings' },
];

function ThemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon variant="default" size="lg" aria-label={`Switch to ${next} theme`} onClick={() => setColorScheme(next)}>
        <span aria-hidden="true">{scheme === 'dark' ? '☀' : '☾'}</span>
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const { user, signOut } = useAuth();
  if (!user) return null;
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <UnstyledButton aria-label={`Account menu for ${user.username}`} data-testid="user-menu">
          <Text size="sm">
            {user.username} <Text span c="dimmed">({user.role})</Text>
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const active = (to: string) => (to === '/' ? location.pathname === '/' : location.pathname.startsWith(to));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={2} size="h4">
              Parapet
            </Title>
          </Group>
          <Group gap="md">
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <nav>
          {NAV.map((item) => (
            <NavLink key={item.to} component={Link} to={item.to} label={item.label} active={active(item.to)} variant="filled" onClick={close} aria-current={active(item.to) ? 'page' : undefined} />
          ))}
        </nav>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/connectors" element={<ConnectorsPage />} />
            <Route path="/connectors/new" element={<ConnectWizardPage />} />
            <Route path="/connectors/:id" element={<ConnectorDetailPage />} />
            <Route path="/activity" element={<ActivityPage />} />
            <Route path="/people" element={<PeoplePage />} />
            <Route path="/people/:id" element={<PersonPage />} />
            <Route path="/alerts" element={<AlertsPage />} />
            <Route path="/alerts/:id" element={<AlertDetailPage />} />
            <Route path="/policies" element={<PoliciesPage />} />
            <Route path="/policies/:id" element={<PolicyPage />} />
            <Route path="/oauth-apps" element={<OAuthAppsPage />} />
            <Route path="/posture" element={<PosturePage />} />
            <Route path="/governance" element={<GovernancePage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="*" element={<EmptyState title="Page not found">There is nothing at {location.pathname}. Pick a page from the menu.</EmptyState>} />
          </Routes>
      </AppShell.Main>
    </AppShell>
  );
}

export function App() {
  return (
    <AuthProvider>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route
          path="*"
          element={
            <RequireAuth>
              <Shell />
            </RequireAuth>
          }
        />
      </Routes>
    </AuthProvider>
  );
}

import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { Anchor, MantineProvider, Notification, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client.js';
import { App } from './App.js';

/**
 * WCAG AA contrast in both themes (axe checks it in the browser suite): darker primary shade in light
 * mode, text colour picked per badge/button background, dimmed text a step stronger, links underlined.
 */
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.2,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  components: {
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // Toasts: a named close button, and the message in the text colour (Mantine's gray-6 fails AA on white).
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } }, styles: { description: { color: 'var(--mantine-color-text)' } } }),
  },
});

const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057',
    '--mantine-color-red-text': t.colors.red[9] ?? '#c92a2a',
    '--mantine-color-green-text': t.colors.green[9] ?? '#2b8a3e',
  },
  dark: { '--mantine-color-dimmed': t.colors.dark[1] ?? '#b8b8b8', '--mantine-color-anchor': t.colors.blue[3] ?? '#74c0fc' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not change by asking again; a network blip might.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

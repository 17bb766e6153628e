import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The portal builds into web/dist, which `parapet serve` serves at /. `npm run dev:web` proxies /api to a server on 18090. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { port: 18091, proxy: { '/api': `http://127.0.0.1:${process.env.PARAPET_DEV_API_PORT ?? '18090'}` } },
});

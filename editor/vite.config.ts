import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The editor bundle. The first screen (login, definitions list) stays small:
 * designers, Monaco and the React Flow canvas are split into chunks loaded on
 * first use (React.lazy / dynamic import). Monaco and its workers are bundled
 * locally; nothing is fetched from a CDN.
 */
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy: { '/api': 'http://127.0.0.1:5174' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 8000 },
});

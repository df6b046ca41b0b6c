// Builds dist-report/report.html: the report page with Observable Plot, its script and styles
// inlined, so that the CLI can embed it and every report works offline, opened from disk.
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

export default defineConfig({
  plugins: [viteSingleFile()],
  build: {
    outDir: 'dist-report',
    emptyOutDir: true,
    minify: true,
    target: 'es2020',
    rollupOptions: { input: 'report.html' },
  },
});

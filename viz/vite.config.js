// Builds dist/index.html: the player with its script and styles inlined, so that the CLI can
// embed it and every generated animation works offline, opened from disk.
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

export default defineConfig({
  plugins: [viteSingleFile()],
  build: { outDir: 'dist', emptyOutDir: true, minify: true, target: 'es2020' },
});

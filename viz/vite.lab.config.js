// Builds dist-lab/lab.html: the lab page (the heap lab in WebAssembly, scripts/build-site.sh),
// its script, its styles and the player template (dist/index.html, built first) inlined. The
// site is that page, as index.html, beside build/wasm/gotimers-lab.js.
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

export default defineConfig({
  plugins: [viteSingleFile()],
  build: {
    outDir: 'dist-lab',
    emptyOutDir: true,
    minify: true,
    target: 'es2020',
    rollupOptions: { input: 'lab.html' },
  },
});

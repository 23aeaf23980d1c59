import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import solid from 'vite-plugin-solid'

const root = fileURLToPath(new URL('.', import.meta.url))

// Three builds, one per process. The main build also emits the browser-mode host, the import
// and prepare workers and the CLI, so the desktop app, browser mode and scripts run the very same core.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          web: resolve(root, 'src/main/web/serve.ts'),
          'import-worker': resolve(root, 'src/main/core/import/import-worker.ts'),
          'prepare-worker': resolve(root, 'src/main/core/import/prepare-worker.ts'),
          cli: resolve(root, 'src/main/cli.ts'),
          'library-worker': resolve(root, 'src/main/library-worker.ts'),
          'integrity-check': resolve(root, 'src/main/integrity-check.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
      // electron-vite leaves the renderer unminified; the window parses its bundle on every open.
      minify: true,
      // The overview's chart (about 560 kB minified) is loaded only when the overview is opened.
      chunkSizeWarningLimit: 600,
    },
    plugins: [solid()],
  },
})

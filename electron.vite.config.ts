import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'electron-vite'
import solid from 'vite-plugin-solid'

const root = fileURLToPath(new URL('.', import.meta.url))

// Three builds, one per process. The main build also emits the browser-mode host and the
// import worker so the desktop app and browser mode run the very same core.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'src/main/index.ts'),
          web: resolve(root, 'src/main/web/serve.ts'),
          'import-worker': resolve(root, 'src/main/core/import/import-worker.ts'),
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
    },
    plugins: [solid()],
  },
})

import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // index: the desktop app; web: the same handlers served to a browser (npm run web)
        input: { index: resolve('src/main/index.ts'), web: resolve('src/main/web.ts') }
      }
    }
  },
  preload: {
    build: {
      // a sandboxed preload cannot require node_modules: bundle everything it uses
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src/preload/index.ts') } }
    }
  },
  renderer: {
    root: 'src/renderer',
    build: { rollupOptions: { input: { index: resolve('src/renderer/index.html') } }, chunkSizeWarningLimit: 4000 },
    plugins: [react()]
  }
})

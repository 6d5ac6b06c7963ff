import { defineConfig } from 'vitest/config'

// Services, transports and files first, in parallel; then the browser tests one file at a time, after them: a
// Chromium per file on a 2-core machine beside the crash test made page waits time out.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: ['tests/e2e/**'], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: ['tests/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } }
    ]
  }
})

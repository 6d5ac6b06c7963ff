/**
 * The architecture's rules, checked by `npm run deps` (part of `npm test`). See README "How it is built".
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'no import loops anywhere', from: {}, to: { circular: true } },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'the contract and pure helpers are used by main and renderer and import neither',
      from: { path: '^src/shared/' },
      to: { path: '^src/(main|renderer|preload)/' }
    },
    {
      name: 'renderer-never-imports-main',
      severity: 'error',
      comment: 'the renderer reaches main only through the contract and a transport',
      from: { path: '^src/renderer/' },
      to: { path: '^src/(main|preload)/' }
    },
    {
      name: 'preload-bundles-only-the-method-names',
      severity: 'error',
      comment: 'a sandboxed preload can bundle nothing but methods.ts (and require electron)',
      from: { path: '^src/preload/' },
      to: { path: '^src/', pathNot: '^src/(preload/|shared/methods\\.ts$)' }
    },
    {
      name: 'services-never-import-the-handler-layer-or-transports',
      severity: 'error',
      comment: 'services are plain functions of (db, input); the handler layer and transports sit above them',
      from: { path: '^src/main/(services|excel|db)/' },
      to: { path: '^src/main/(api|ipc|web|index)\\.ts$' }
    },
    {
      name: 'excel-knows-file-formats-only',
      severity: 'error',
      comment: 'excel/ reads and writes files; it never imports a service',
      from: { path: '^src/main/excel/' },
      to: { path: '^src/main/services/' }
    },
    {
      name: 'electron-only-in-the-thin-shell',
      severity: 'error',
      comment: 'everything but the window, the IPC wiring and the preload runs under plain Node',
      from: { path: '^src/', pathNot: '^src/(main/index\\.ts|main/ipc\\.ts|preload/)' },
      to: { path: '^electron$', dependencyTypes: ['npm', 'npm-dev', 'core', 'unknown', 'undetermined'] }
    },
    {
      name: 'components-never-import-pages',
      severity: 'error',
      comment: 'pages are routes; components and feature widgets are used by pages, not the other way round',
      from: { path: '^src/renderer/src/(components|features)/' },
      to: { path: '^src/renderer/src/pages/' }
    },
    {
      name: 'pages-never-import-pages',
      severity: 'error',
      comment: 'what two pages share lives in components/ or features/',
      from: { path: '^src/renderer/src/pages/([^/]+)' },
      to: { path: '^src/renderer/src/pages/', pathNot: '^src/renderer/src/pages/$1' }
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'every import resolves',
      from: {},
      to: { couldNotResolve: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] }
  }
}

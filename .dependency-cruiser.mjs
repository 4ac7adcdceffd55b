// Import boundaries (issue 13), checked in `npm test` by `npm run boundaries`. Type-only imports count too: a
// boundary is about what a module knows, not only what it loads. The violations that predate the rules are
// listed in .dependency-cruiser-known-violations.json (`npx depcruise-baseline client/src server/src media/src`
// rewrites it); only a new one fails. Regenerate it after fixing one, never to make a new one pass.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A runtime import cycle: load order decides what a module sees, and no module stands alone.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-via-types',
      severity: 'error',
      comment:
        'An import cycle closed by a type-only import: harmless at run time, still two modules that cannot be read apart.',
      from: {},
      to: { circular: true, via: { dependencyTypes: ['type-only'] } },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment:
        'The engine (server/src/core) never imports the server, the CLI, the client, the panel or vscode.',
      from: { path: '^server/src/core/' },
      to: {
        path: [
          '^server/src/(?!core/)',
          '^client/',
          '^media/',
          '^node_modules/(vscode|vscode-languageserver[^/]*|vscode-languageclient)/',
        ],
      },
    },
    {
      name: 'core-no-vscode',
      severity: 'error',
      comment: 'The engine never imports the vscode API (not an npm module, so matched by name).',
      from: { path: '^server/src/core/' },
      to: { dependencyTypes: ['core', 'unknown', 'undetermined', 'npm-no-pkg'], path: '^vscode$' },
    },
    {
      name: 'client-only-protocol',
      severity: 'error',
      comment: 'The extension client and the panel reach the server only through the protocol module.',
      from: { path: '^(client|media)/' },
      to: { path: '^server/', pathNot: '^server/src/protocol\\.ts$' },
    },
    {
      name: 'layers-no-emit-training',
      severity: 'error',
      comment:
        'Layer rules (core/layers) never import the printers (core/emit) or the training lowering (core/training).',
      from: { path: '^server/src/core/layers/' },
      to: { path: '^server/src/core/(emit|training)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true, pathNot: '^vscode$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^|/)dist/' },
    // web-tree-sitter declares its types under the `types` condition of `exports`.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
    },
  },
};

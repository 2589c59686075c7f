// Builds the extension host, the engine worker, the CLI and the webview bundles into dist/.
// `node esbuild.mjs` builds once; `node esbuild.mjs --watch` rebuilds on change.
import { chmod } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');

/** Marks a built file executable once each (re)build has written it. */
const executable = (file) => ({
  name: 'executable',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length === 0) await chmod(file, 0o755);
    });
  },
});

const common = { bundle: true, sourcemap: true, logLevel: 'info' };
// onnxruntime-node loads native binaries relative to its own package, so it stays in node_modules.
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['onnxruntime-node'] };

const webviewEntries = readdirSync('src/webview', { withFileTypes: true })
  .filter((dir) => dir.isDirectory() && existsSync(`src/webview/${dir.name}/main.ts`))
  .map((dir) => ({ in: `src/webview/${dir.name}/main.ts`, out: dir.name }));

const builds = [
  {
    ...node,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode', 'onnxruntime-node'],
  },
  { ...node, entryPoints: ['src/engine/worker.ts'], outfile: 'dist/worker.js' },
  {
    ...node,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [executable('dist/cli.js')],
  },
  {
    ...common,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
  },
];

const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  try {
    await Promise.all(contexts.map((context) => context.rebuild()));
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}

// build-web.mjs — Vite build of web/ into dist/web: relative paths (base './')
// so the folder works from any static host; the worker and gradlab.wasm are
// emitted as files beside the page. Called by `make web` after dist/gradlab.*.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const root = fileURLToPath(new URL('../web/', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web/', import.meta.url));
for (const f of ['../dist/gradlab.js', '../dist/gradlab.wasm']) {
  if (!existsSync(new URL(f, import.meta.url))) {
    console.error(`build-web: ${f.slice(3)} is missing; run make dist/gradlab.js dist/gradlab.wasm first`);
    process.exit(1);
  }
}

await build({
  root,
  base: './',
  logLevel: 'warn',
  configFile: false,
  publicDir: false,
  build: {
    outDir,
    emptyOutDir: true,
    assetsInlineLimit: 0,  // keep gradlab.wasm a file (served as application/wasm)
    target: 'es2022',
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
});
console.error(`build-web: wrote ${outDir}`);

// build-lib.mjs — builds the npm package's modules in dist/ from src/js/:
//   dist/gradlab.js   the ES module (src/js/gradlab.js and the modules it imports, one file)
//   dist/export.js    the script exporter (src/js/export.js and its modules, templates embedded)
//   dist/cli.js       the CLI (imports ./gradlab.js and ./export.js beside it)
//   dist/gradlab.d.ts, dist/export.d.ts   the types, with the generated unions of
//                     src/js/tables.d.ts inlined where gradlab.d.ts re-exports them
// Called by make after build-scripts/gen-tables.mjs has written src/js/tables.js.
import { rolldown } from 'rolldown';
import { readFileSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (p) => fileURLToPath(new URL(`../${p}`, import.meta.url));
mkdirSync(root('dist'), { recursive: true });

const SIBLINGS = new Set(['./gradlab.js', './export.js']);

// dist/export.js takes the tables from dist/gradlab.js (which re-exports them),
// so the package holds one instance of each list, not a copy per module
const tablesFromGradlab = {
  name: 'tables-from-gradlab',
  resolveId(source) {
    if (source === './tables.js' || source === '../tables.js') return { id: './gradlab.js', external: true };
    return null;
  },
};

// the CLI's modules (src/js/cli/) import ../gradlab.js and ../export.js: in
// dist/ those are the siblings of cli.js
const cliSiblings = {
  name: 'cli-siblings',
  resolveId(source, importer) {
    if (importer && /[\\/]src[\\/]js[\\/]cli[\\/]/.test(importer) && (source === '../gradlab.js' || source === '../export.js')) {
      return { id: source.slice(1), external: true };
    }
    return null;
  },
};

async function bundle(entry, { external = false, plugins = [] } = {}) {
  const b = await rolldown({
    input: root(`src/js/${entry}`),
    platform: 'neutral',
    plugins,
    // Node's built-ins stay imports; the CLI shares dist/gradlab.js and
    // dist/export.js instead of a copy of each
    external: (id) => id.startsWith('node:') || (external && SIBLINGS.has(id)),
    // Python templates of the exporter (src/js/export/*.py) as strings
    moduleTypes: { '.py': 'text', '.csv': 'text', '.txt': 'text' },
    logLevel: 'warn',
  });
  // one file per entry, and the lazily loaded bundled data sets as dist/gradlab-data.js
  await b.write({ dir: root('dist'), entryFileNames: entry, chunkFileNames: 'gradlab-data.js', format: 'es' });
  await b.close();
}

await bundle('gradlab.js');
await bundle('export.js', { plugins: [tablesFromGradlab] });
await bundle('cli.js', { external: true, plugins: [cliSiblings] });
chmodSync(root('dist/cli.js'), 0o755);

// types: gradlab.d.ts says `export * from './tables.js';` — inline the generated
// declarations there, so the package ships one .d.ts per module
const MARK = "export * from './tables.js';";
const dts = readFileSync(root('src/js/gradlab.d.ts'), 'utf8');
if (!dts.includes(MARK)) throw new Error(`build-lib: src/js/gradlab.d.ts must contain the line ${MARK}`);
const tables = readFileSync(root('src/js/tables.d.ts'), 'utf8').replace(/^(\/\/.*\n)+\n?/, '');
const IMPORT = /^import type \{[^}]*\} from '\.\/tables\.js';\n/m;
if (!IMPORT.test(dts)) throw new Error('build-lib: src/js/gradlab.d.ts must import its table types from ./tables.js');
writeFileSync(root('dist/gradlab.d.ts'), dts.replace(IMPORT, '').replace(MARK, `// ---- the C core's tables (generated from the .def files of src/) ----\n${tables}// ---- end of the tables ----`));
writeFileSync(root('dist/export.d.ts'), readFileSync(root('src/js/export.d.ts'), 'utf8'));
console.error('build-lib: wrote dist/gradlab.js, export.js, cli.js and their types');

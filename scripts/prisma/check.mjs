// What Prisma 7 sees in a PostgreSQL database: `prisma db pull` and `prisma migrate diff`,
// run by Prisma's own schema engine.
//
//   node check.mjs DATABASE_URL SEED_SCHEMA.prisma   -> one JSON object on stdout:
//   {"pulled": <db pull into an empty schema>, "repulled": <db pull into the seed schema>,
//    "warnings": ..., "diff": {"exitCode": 0|2, "script": "..."}}
//
// The `prisma` CLI would download its native schema engine from binaries.prisma.sh on
// first use. The npm package ships the same engine compiled to WebAssembly
// (build/schema_engine_bg.wasm), which talks to PostgreSQL through Prisma's driver
// adapter @prisma/adapter-pg; the JavaScript glue comes from @prisma/schema-engine-wasm.
// Everything is installed from the npm registry (scripts/install-prisma).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));
const [url, seedPath] = process.argv.slice(2);
if (!url || !seedPath) {
  console.error('usage: node check.mjs DATABASE_URL SEED_SCHEMA.prisma');
  process.exit(64);
}

// The engine reports a Rust panic through this registry (as the prisma CLI sets it up).
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: '',
  set_message(message) { this.message = `RuntimeError: ${message}`; },
  get() { return this.message; },
};

const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
const glue = await import(gluePath);
const wasmPath = path.join(path.dirname(require.resolve('prisma/package.json')), 'build',
  'schema_engine_bg.wasm');
const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath),
  { './schema_engine_bg.js': glue });
glue.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start();

// @prisma/adapter-pg 7.10.1 maps no column type for PostgreSQL's internal "char" (OID 18),
// which the engine's catalog queries return (pg_constraint.contype); the native engine
// reads it as a character. Load the adapter with that one case added.
const Module = require('node:module');
const adapterPath = require.resolve('@prisma/adapter-pg');
const adapterSource = fs.readFileSync(adapterPath, 'utf8').replace(
  'case ScalarColumnType.BPCHAR:',
  'case 18:\n      return import_driver_adapter_utils.ColumnTypeEnum.Character;\n'
  + '    case ScalarColumnType.BPCHAR:');
if (!adapterSource.includes('case 18:')) {
  throw new Error('@prisma/adapter-pg changed: cannot add the "char" column type');
}
const adapterModule = new Module(adapterPath);
adapterModule.filename = adapterPath;
adapterModule.paths = Module._nodeModulePaths(path.dirname(adapterPath));
adapterModule._compile(adapterSource, adapterPath);
const { PrismaPg } = adapterModule.exports;
const adapterRequire = createRequire(adapterPath);
const { bindMigrationAwareSqlAdapterFactory } = adapterRequire('@prisma/driver-adapter-utils');

const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
const engine = await glue.SchemaEngine.new({ datamodels: undefined }, () => {}, factory);

const datasourceOnly = 'datasource db {\n  provider = "postgresql"\n}\n';
const seed = fs.readFileSync(seedPath, 'utf8');
const files = (content) => [{ path: 'schema.prisma', content }];

async function pull(content) {
  const result = await engine.introspect({
    schema: { files: files(content) }, baseDirectoryPath: here, force: false,
    compositeTypeDepth: -1, namespaces: null,
  });
  return { schema: result.schema.files[0].content, warnings: result.warnings };
}

const pulled = await pull(datasourceOnly);
const repulled = await pull(seed);
// `prisma migrate diff --from-config-datasource --to-schema seed.prisma --script --exit-code`
const diff = await engine.diff({
  from: { tag: 'schemaDatasource', files: files(datasourceOnly), configDir: here },
  to: { tag: 'schemaDatamodel', files: files(seed) },
  script: true, exitCode: true, shadowDatabaseUrl: null,
  filters: { externalTables: [], externalEnums: [] },
});
process.stdout.write(JSON.stringify({
  pulled: pulled.schema, repulled: repulled.schema, warnings: repulled.warnings,
  diff: { exitCode: diff.exitCode, script: diff.stdout },
}));
process.exit(0);

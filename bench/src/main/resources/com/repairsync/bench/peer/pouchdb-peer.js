// The PouchDB peer of `repairsync bench initial-sync` (our script; PouchDB itself is installed by
// the harness with npm). Loads the documents of an NDJSON file into a pouchdb-server database with
// bulkDocs, then times a fresh PouchDB (LevelDB on disk, or in memory) replicating everything from
// that server.
// Usage: node pouchdb-peer.js <database URL> <docs.ndjson> <batch size> <leveldb|memory> <local path>
'use strict';
const fs = require('fs');
const readline = require('readline');
const PouchDB = require('pouchdb');
PouchDB.plugin(require('pouchdb-adapter-memory'));

async function load(remote, file, batchSize) {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  let batch = [];
  let total = 0;
  for await (const line of lines) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length >= batchSize) {
      await bulk(remote, batch);
      total += batch.length;
      batch = [];
    }
  }
  if (batch.length) {
    await bulk(remote, batch);
    total += batch.length;
  }
  return total;
}

async function bulk(remote, docs) {
  const results = await remote.bulkDocs(docs);
  const failed = results.filter((r) => r.error);
  if (failed.length) throw new Error('bulkDocs refused ' + failed.length + ' docs: ' + JSON.stringify(failed[0]));
}

async function main() {
  const [url, file, batchArg, adapter, localPath] = process.argv.slice(2);
  const batchSize = parseInt(batchArg || '1000', 10);
  const remote = new PouchDB(url);
  const loadStart = Date.now();
  const loaded = await load(remote, file, batchSize);
  const loadMillis = Date.now() - loadStart;
  const local = new PouchDB(localPath + '-' + Date.now(), { adapter: adapter || 'leveldb' });
  const start = process.hrtime.bigint();
  const result = await PouchDB.replicate(remote, local, { batch_size: batchSize, batches_limit: 10 });
  const millis = Number(process.hrtime.bigint() - start) / 1e6;
  const info = await local.info();
  console.log(JSON.stringify({ loaded, loadMillis, docs: info.doc_count, written: result.docs_written,
    millis, ok: result.ok }));
}

main().catch((e) => {
  console.error('pouchdb peer failed: ' + (e && e.stack || e));
  process.exit(1);
});

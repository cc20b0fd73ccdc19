// The realtime peer of `repairsync bench realtime --peer` (our script; PouchDB itself is installed
// by the harness with npm). N listeners, each a PouchDB in memory continuously replicating
// ({live: true}) from one pouchdb-server database, as N devices following a shop; a writer puts one
// new document per event, and each listener's replication `change` event that carries it counts
// as its delivery. Latency: from the start of the writer's put until that event. The first
// `warmup` events are not measured. Prints one JSON line with the percentiles.
// Usage: node pouchdb-live.js <database URL> <listeners> <events> <interval ms> <warmup>
'use strict';
const PouchDB = require('pouchdb');
PouchDB.plugin(require('pouchdb-adapter-memory'));

const WAIT_MILLIS = 15000;

// A request PouchDB fails outside a replication's own handlers (a connection reset under load) is
// counted as an error of the run, not left to end the process: the live replications retry.
const failures = [];
process.on('unhandledRejection', (e) => failures.push('unhandled: ' + String(e && e.message || e)));

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function sleep(millis) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, millis)));
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** Waits until test() holds, checking every millisecond, or until the deadline; says whether it held. */
async function until(test, deadline) {
  while (!test()) {
    if (now() > deadline) return false;
    await sleep(1);
  }
  return true;
}

async function main() {
  const [url, listenersArg, eventsArg, intervalArg, warmupArg] = process.argv.slice(2);
  const listenerCount = parseInt(listenersArg, 10);
  const events = parseInt(eventsArg, 10);
  const interval = parseFloat(intervalArg);
  const warmup = parseInt(warmupArg, 10);
  const writer = new PouchDB(url);
  await writer.info(); // creates the database

  const sentAt = new Map(); // doc id -> put start
  const heard = new Map(); // doc id -> listeners that heard it
  const latencies = [];
  let paused = 0;
  const replications = [];
  for (let i = 0; i < listenerCount; i++) {
    const local = new PouchDB('listener-' + i, { adapter: 'memory' });
    const replication = PouchDB.replicate(new PouchDB(url), local, { live: true, retry: true });
    let caughtUp = false;
    replication.on('paused', (err) => {
      if (!err && !caughtUp) {
        caughtUp = true;
        paused++;
      }
    });
    replication.on('change', (info) => {
      const at = now();
      for (const doc of info.docs) {
        const start = sentAt.get(doc._id);
        if (start === undefined) continue;
        heard.set(doc._id, (heard.get(doc._id) || 0) + 1);
        if (!doc._id.startsWith('warmup-')) latencies.push(at - start);
      }
    });
    replication.on('error', (err) => failures.push(String(err && err.message || err)));
    replications.push(replication);
  }
  const joined = await until(() => paused === listenerCount, now() + 300000);
  if (!joined) throw new Error('only ' + paused + ' of ' + listenerCount + ' listeners caught up within 300 s');

  let missed = 0;
  const slowest = [];
  for (let event = -warmup; event < events; event++) {
    const due = now() + interval;
    const id = (event < 0 ? 'warmup-' : 'event-') + (event + warmup);
    const start = now();
    sentAt.set(id, start);
    await writer.put({ _id: id, type: 'customers', firstName: 'Realtime', lastName: 'No. ' + event });
    await until(() => (heard.get(id) || 0) >= listenerCount, start + WAIT_MILLIS);
    missed += listenerCount - (heard.get(id) || 0);
    if (event >= 0) {
      slowest.push(Math.round(now() - start));
      await sleep(due - now());
    }
  }
  replications.forEach((r) => r.cancel());
  latencies.sort((a, b) => a - b);
  console.log(JSON.stringify({
    listeners: listenerCount,
    events,
    samples: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : 0,
    missed,
    errors: failures.length,
    firstError: failures[0] || null,
    untilLastMillis: slowest,
  }));
}

main().then(() => process.exit(0)).catch((e) => {
  console.error('pouchdb live peer failed: ' + (e && e.stack || e));
  process.exit(1);
});

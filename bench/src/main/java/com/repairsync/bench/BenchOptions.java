package com.repairsync.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The harness's settings, as parsed by {@link BenchMain}.
 *
 * @param records records to seed (initial-sync) or offline mutations to drain (push)
 * @param devices connected devices (realtime, mixed)
 * @param sdkDevices how many of the realtime devices are full SDK devices; the others are sockets only
 * @param dbUrl the server's {@code --db-url}, or null for SQLite in the work directory
 * @param duration how long mixed runs
 * @param rate operations per second per device (mixed) or changes per second (realtime)
 * @param events changes the realtime writer pushes
 * @param naiveLimit most mutations the one-request-per-mutation design sends (push)
 * @param warmup mutations a separate device pushes before the measured run (push), unmeasured
 *     changes the writer pushes first, after 15 times as many pushes to another shop (realtime),
 *     above 0, two full pulls by separate devices first (initial-sync), or photos sent both ways
 *     (plain and through the SDK) before the measured uploads (attachments)
 * @param batch records per seeding push
 * @param peer run the PouchDB peer: in initial-sync (unless {@code --no-peer}), in realtime (with
 *     {@code --peer})
 * @param peerDir where npm installs the PouchDB peer (a temp folder, reused, when null)
 * @param peerStorage where the PouchDB peer keeps its documents, on both sides
 * @param serverHeap the server JVM's -Xmx
 * @param serverJvmArgs more server JVM options (a JFR recording, say)
 * @param serverFlags more server flags
 * @param workDir where databases go (a new temp directory when null)
 * @param keep keep the work directory afterwards
 * @param seed content seed of the sample data
 * @param photos photos the attachments scenario uploads
 * @param photoSize bytes of each of those photos
 * @param mutations mutations each measured push round drains (history)
 * @param rounds measured push rounds of each server setting (history)
 * @param reads measured reads of one record's history, each way (history)
 * @param embeddedPostgres {@code --pg embedded}: the harness starts PostgreSQL itself
 * @param dbUser the application role the servers query {@code --db-url} as, or null
 * @param dbMigrateUser the schema owner that migrates {@code --db-url}, or null (no migrations)
 * @param nodes server nodes on one PostgreSQL (realtime: the writer on node 1, listeners on the
 *     others), or the most nodes shops measures (1 up to it)
 * @param shops shops pushing at once (shops)
 * @param shopSize the shop the queries scenario puts on a device
 * @param customFields custom fields declared on customers and tickets, every seeded or queued one
 *     holding a value of each (initial-sync, push)
 */
public record BenchOptions(
        long records,
        int devices,
        int sdkDevices,
        String dbUrl,
        Duration duration,
        double rate,
        int events,
        int naiveLimit,
        int warmup,
        int batch,
        boolean peer,
        Path peerDir,
        PeerStorage peerStorage,
        String serverHeap,
        List<String> serverJvmArgs,
        List<String> serverFlags,
        Path workDir,
        boolean keep,
        long seed,
        int photos,
        int photoSize,
        int mutations,
        int rounds,
        int reads,
        boolean embeddedPostgres,
        com.repairsync.bench.server.ServerDatabase.Login dbUser,
        com.repairsync.bench.server.ServerDatabase.Login dbMigrateUser,
        int nodes,
        int shops,
        ShopSize shopSize,
        int customFields) {

    /** Whether the servers run on PostgreSQL ({@code --pg embedded} or {@code --db-url}). */
    public boolean postgres() {
        return embeddedPostgres || dbUrl != null;
    }

    /**
     * Where the PouchDB peer's server and client keep documents: on disk in LevelDB (PouchDB's
     * default, durable like our SQLite files) or in memory.
     */
    public enum PeerStorage {
        DISK,
        MEMORY
    }
}

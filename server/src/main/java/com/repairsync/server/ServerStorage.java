package com.repairsync.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.server.auth.Sessions;
import com.repairsync.server.realtime.ClusterLink;
import com.repairsync.server.realtime.RealtimeHub;
import com.repairsync.server.realtime.SignInEnder;
import com.repairsync.server.store.Store;
import com.repairsync.server.store.postgres.PostgresChannel;
import com.repairsync.server.store.postgres.PostgresStore;
import com.repairsync.server.store.sqlite.SqliteStore;
import java.util.Optional;

/**
 * A server's database and what depends on which one it is: SQLite in the data directory, or
 * PostgreSQL shared by the nodes, whose realtime events then travel between the nodes on a
 * LISTEN/NOTIFY channel.
 *
 * @param cluster the nodes' channel on PostgreSQL; null on SQLite
 */
record ServerStorage(Store store, RealtimeHub hub, PostgresChannel cluster, SignInEnder signInEnder) {
    /** The LISTEN/NOTIFY channel the nodes on one PostgreSQL database share realtime events on. */
    private static final String CLUSTER_CHANNEL = "repairsync_realtime";

    /** Opens the configured database, the realtime hub on it and, on PostgreSQL, the nodes' channel. */
    static ServerStorage open(ServerConfig config, ObjectMapper json) {
        ServerConfig.Database database = config.database();
        long unsentBytes = config.realtime().unsentBytesPerSocket();
        if (database.isPostgres()) {
            PostgresStore postgres = openPostgres(database);
            ClusterLinkHolder link = new ClusterLinkHolder();
            RealtimeHub hub = new RealtimeHub(json, config.nodeId(), link::publish, unsentBytes);
            SignInEnder ender = new SignInEnder(new Sessions(postgres), hub);
            PostgresChannel cluster = postgres.openChannel(CLUSTER_CHANNEL, config.nodeId(), hub::receive, () -> {
                ender.listening();
                hub.listening();
            });
            link.channel = cluster;
            return new ServerStorage(postgres, hub, cluster, ender);
        }
        SqliteStore sqlite = SqliteStore.open(config.dataDir(), 8);
        RealtimeHub hub = new RealtimeHub(json, config.nodeId(), ClusterLink.NONE, unsentBytes);
        return new ServerStorage(sqlite, hub, null, new SignInEnder(new Sessions(sqlite), hub));
    }

    /** The hub publishes before the channel exists (the channel needs the hub's handlers). */
    private static final class ClusterLinkHolder {
        private volatile PostgresChannel channel;

        void publish(String message) {
            PostgresChannel current = channel;
            if (current != null) {
                current.publish(message);
            }
        }
    }

    private static PostgresStore openPostgres(ServerConfig.Database database) {
        PostgresStore.Login app = new PostgresStore.Login(database.url(), database.user(), database.password());
        Optional<PostgresStore.Login> owner = database.migrates()
                ? Optional.of(
                        new PostgresStore.Login(database.url(), database.migrateUser(), database.migratePassword()))
                : Optional.empty();
        return PostgresStore.open(app, owner, database.poolSize());
    }
}

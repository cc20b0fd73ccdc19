package com.repairsync.client.internal;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * The device migration that (re)builds the query indexes and search tables from the entity
 * declarations ({@link DeviceQueryIndexes}): it drops every {@code query_} object there is and
 * creates the declared ones, filling them from the records held (about 20 s for a device holding a
 * million records). Version 7 made them; a later change of the declarations adds another version of
 * this same migration ({@link DeviceMigrations#JAVA}).
 */
final class QueryIndexMigration implements JavaMigration {
    private final int version;

    QueryIndexMigration(int version) {
        this.version = version;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(Integer.toString(version));
    }

    @Override
    public String getDescription() {
        return "query indexes";
    }

    /** None: what it builds follows the declarations of the SDK that runs it. */
    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            List<String> drops = new ArrayList<>();
            try (ResultSet existing = statement.executeQuery(DeviceQueryIndexes.dropAllQuery())) {
                while (existing.next()) {
                    drops.add(existing.getString(1));
                }
            }
            for (String sql : drops) {
                statement.execute(sql);
            }
            for (String sql : DeviceQueryIndexes.createAll()) {
                statement.execute(sql);
            }
        }
    }
}

/** The embedded default store: one SQLite file in WAL mode, migrated by Flyway. */
package com.repairsync.server.store.sqlite;

/**
 * The production store: PostgreSQL through HikariCP, migrated by Flyway as the schema owner and
 * used as a non-owner application role under row-level security; plus LISTEN/NOTIFY for carrying
 * messages between server nodes that share the database.
 */
package com.repairsync.server.store.postgres;

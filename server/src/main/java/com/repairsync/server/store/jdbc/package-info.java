/** The SQL behind {@link com.repairsync.server.store.Store}, shared by every database; a {@link Dialect} holds the differences. */
package com.repairsync.server.store.jdbc;

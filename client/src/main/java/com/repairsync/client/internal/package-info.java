/**
 * The device's engine, behind the API: the local SQLite database, the outbox, rebasing pending
 * writes over the server's state, the sync engine, connectivity and PIN entry.
 */
package com.repairsync.client.internal;

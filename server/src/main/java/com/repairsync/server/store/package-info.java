/**
 * The server's storage contract: serialized write transactions that hand out the shop's change
 * sequence, snapshot reads, and the rows the sync and auth services need. {@code jdbc} holds the
 * SQL shared by every database; {@code sqlite} is the embedded default.
 */
package com.repairsync.server.store;

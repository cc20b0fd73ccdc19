/**
 * The generic sync engine on the server: exactly-once push of mutation batches (with
 * all-or-nothing groups) and never-skipping pull by cursor. Entities are driven by their
 * declarations in {@link com.repairsync.protocol.schema.Schema}.
 */
package com.repairsync.server.sync;

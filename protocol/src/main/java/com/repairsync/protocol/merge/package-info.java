/**
 * The merge rules every replica runs: per-field last-writer-wins by {@link
 * com.repairsync.protocol.Hlc}, counters that add deltas, and tombstones that win over concurrent
 * edits. The server decides with them; clients use the same rules to rebase their pending writes.
 */
package com.repairsync.protocol.merge;

package com.repairsync.server.sync;

/** Told after a push commits and moves a shop's change sequence. */
@FunctionalInterface
public interface CommitListener {
    void committed(String shopId, long cursor);
}

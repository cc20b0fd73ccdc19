package com.repairsync.client;

/** Told when a record's view or status changed on this device (a local write, a push result, a pull). */
@FunctionalInterface
public interface RecordListener {
    void changed(String entity, String id);
}

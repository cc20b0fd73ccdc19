package com.repairsync.server.realtime;

/** Carries realtime messages to every server node sharing the database, this one included. */
@FunctionalInterface
public interface ClusterLink {
    /** Sends a message; never blocks on the network and never throws for a lost message. */
    void publish(String message);

    /** A single node: nothing to tell anyone. */
    ClusterLink NONE = message -> {};
}

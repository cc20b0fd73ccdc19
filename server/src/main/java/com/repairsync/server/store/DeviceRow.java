package com.repairsync.server.store;

/** A device that joined a shop. */
public record DeviceRow(String id, String shopId, String name, String joinedBy) {}

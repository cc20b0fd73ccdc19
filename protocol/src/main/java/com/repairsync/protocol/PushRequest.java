package com.repairsync.protocol;

import java.util.List;

/** Body of {@code POST /v1/sync/push}: a batch of mutations from one device. */
public record PushRequest(String deviceId, List<Mutation> mutations) {}

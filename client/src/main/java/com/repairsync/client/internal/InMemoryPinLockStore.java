package com.repairsync.client.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link PinLockStore} in memory, for tests: shared by PinPads, it plays an app restart. */
public final class InMemoryPinLockStore implements PinLockStore {
    private final AtomicReference<PinLockState> state = new AtomicReference<>(PinLockState.INITIAL);

    @Override
    public PinLockState load() {
        return state.get();
    }

    @Override
    public void save(PinLockState state) {
        this.state.set(Objects.requireNonNull(state, "state"));
    }
}

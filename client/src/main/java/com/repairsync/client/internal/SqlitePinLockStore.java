package com.repairsync.client.internal;

import com.repairsync.protocol.WireInstant;
import java.time.Duration;

/** Keeps the PIN lock in the device database, so restarting the app does not reset it. */
public final class SqlitePinLockStore implements PinLockStore {
    private final LocalDatabase db;

    public SqlitePinLockStore(LocalDatabase db) {
        this.db = db;
    }

    @Override
    public PinLockState load() {
        return db.transaction(tx -> tx.queryOne(
                        "SELECT consecutive_failures, locked_until, last_lock_ms FROM pin_lock WHERE id = 1", row -> {
                            long lastLock = row.getLong(3);
                            Duration last = row.wasNull() ? null : Duration.ofMillis(lastLock);
                            return new PinLockState(row.getInt(1), WireInstant.parse(row.getString(2)), last);
                        })
                .orElse(new PinLockState(0, null, null)));
    }

    @Override
    public void save(PinLockState state) {
        db.transaction(tx -> tx.update(
                "INSERT INTO pin_lock (id, consecutive_failures, locked_until, last_lock_ms) VALUES (1, ?, ?, ?)"
                        + " ON CONFLICT (id) DO UPDATE SET consecutive_failures = excluded.consecutive_failures,"
                        + " locked_until = excluded.locked_until, last_lock_ms = excluded.last_lock_ms",
                state.consecutiveFailures(),
                WireInstant.format(state.lockedUntil()),
                state.lastLock() == null ? null : state.lastLock().toMillis()));
    }
}

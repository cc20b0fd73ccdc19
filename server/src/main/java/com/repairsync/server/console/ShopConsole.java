package com.repairsync.server.console;

import com.repairsync.protocol.schema.Schema;
import com.repairsync.server.auth.AuthService;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.store.DeviceHealthRow;
import com.repairsync.server.store.DeviceRow;
import com.repairsync.server.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the owner's console reads beyond the device list: the shop's sync analytics and its alerts.
 * Only the shop's admins and managers read them, and only of their own shop.
 */
public final class ShopConsole {
    /** Most hours one analytics request covers: the days the counts are kept. */
    public static final int MAX_HOURS = (int) SyncAnalytics.KEEP.toHours();

    /** Most employee names one request resolves. */
    static final int MAX_NAMES = 1_000;

    private static final String REFUSAL = "only an admin or manager sees the shop's sync analytics and alerts";

    private final Store store;
    private final Clock clock;
    private final SyncAnalytics analytics;

    public ShopConsole(Store store, Clock clock, SyncAnalytics analytics) {
        this.store = store;
        this.clock = clock;
        this.analytics = analytics;
    }

    /**
     * The shop's analytics over the last {@code hours} hours, the current one included. Counts this
     * node gathered are stored first, so they are in the answer.
     */
    public AnalyticsReport analytics(Principal principal, int hours) {
        if (hours < 1 || hours > MAX_HOURS) {
            throw new IllegalArgumentException("hours must be 1.." + MAX_HOURS + ", got " + hours);
        }
        store.read(tx -> AuthService.requireManager(tx, principal, REFUSAL));
        analytics.flush();
        Instant first = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(hours - 1L, ChronoUnit.HOURS);
        return store.read(tx -> {
            AuthService.requireManager(tx, principal, REFUSAL);
            Map<String, String> names = new HashMap<>();
            tx.devices(principal.shopId()).forEach(device -> names.put(device.id(), device.name()));
            return AnalyticsReport.of(
                    tx.counters(principal.shopId(), first, first.plus(hours, ChronoUnit.HOURS)), first, hours, names);
        });
    }

    /** What needs attention in the shop now; see {@link Alerts}. */
    public List<Alerts.Alert> alerts(Principal principal) {
        store.read(tx -> AuthService.requireManager(tx, principal, REFUSAL));
        analytics.flush();
        Instant now = clock.instant();
        Instant current = now.truncatedTo(ChronoUnit.HOURS);
        return store.read(tx -> {
            AuthService.requireManager(tx, principal, REFUSAL);
            List<DeviceRow> devices = tx.devices(principal.shopId());
            Map<String, DeviceHealthRow> health = new HashMap<>();
            tx.deviceHealth(principal.shopId()).forEach(row -> health.put(row.deviceId(), row));
            return Alerts.of(
                    now,
                    devices,
                    health,
                    tx.counters(
                            principal.shopId(),
                            current.minus(Alerts.BASELINE_HOURS, ChronoUnit.HOURS),
                            current.plus(1, ChronoUnit.HOURS)));
        });
    }

    /**
     * The names of these employees of the caller's shop ("first last"), by id; ids of no employee
     * of the shop are left out.
     */
    public Map<String, String> employeeNames(Principal principal, java.util.Collection<String> employeeIds) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        employeeIds.stream().filter(java.util.Objects::nonNull).forEach(ids::add);
        if (ids.size() > MAX_NAMES) {
            throw new IllegalArgumentException("at most " + MAX_NAMES + " employees at once, got " + ids.size());
        }
        return store.read(tx -> {
            AuthService.requireManager(tx, principal, REFUSAL);
            Map<String, String> names = new java.util.TreeMap<>();
            tx.findRecords(Schema.EMPLOYEES, principal.shopId(), ids).forEach((id, record) -> {
                if (!record.state().deleted()) {
                    Object first = record.state().value("firstName");
                    Object last = record.state().value("lastName");
                    names.put(id, ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip());
                }
            });
            return names;
        });
    }
}

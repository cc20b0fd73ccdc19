package com.repairsync.client;

import com.repairsync.client.internal.DeviceInfo;
import com.repairsync.client.internal.LocalDatabase;
import com.repairsync.client.internal.Outbox;
import com.repairsync.client.transport.OfflineException;
import com.repairsync.client.transport.RequestRejectedException;
import com.repairsync.client.transport.SyncTransport;
import com.repairsync.client.transport.TransportException;
import com.repairsync.client.transport.UnauthorizedException;
import com.repairsync.protocol.DeviceHealth;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.WireInstant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the server how this device's sync stands, for the owner's console ({@code POST
 * /v1/devices/health}): after a sync that reached the server when something changed (at most every
 * {@link #MIN_GAP}: a change within it goes with the next sync after it, or the heartbeat), and
 * every {@link #HEARTBEAT} while online. Runs on the device's worker thread.
 * A server too old to take reports, or a transport without them, is not asked again.
 */
final class HealthReporter {
    private static final Logger log = LoggerFactory.getLogger(HealthReporter.class);

    /** How often an online device reports even when nothing changed: it shows as online meanwhile. */
    static final Duration HEARTBEAT = Duration.ofSeconds(60);
    /** The least time between two reports that differ. */
    static final Duration MIN_GAP = Duration.ofSeconds(5);

    private final LocalDatabase db;
    private final SyncTransport transport;
    private final Clock clock;
    private final String app;
    private final LiveState live;

    private boolean unsupported;
    private Instant lastSentAt;
    private DeviceHealth lastSent;

    HealthReporter(LocalDatabase db, SyncTransport transport, Clock clock, String app, LiveState live) {
        this.db = db;
        this.transport = transport;
        this.clock = clock;
        this.app = app;
        this.live = live;
    }

    /** After a sync that reached the server: reports if the figures changed, or the heartbeat is due. */
    void afterSync() {
        Instant now = clock.instant();
        if (lastSentAt != null && now.isBefore(lastSentAt.plus(MIN_GAP))) {
            return; // a device syncing after every write reads its figures at most this often
        }
        DeviceHealth report = current(now);
        if (lastSentAt == null || !sameFigures(report, lastSent) || !now.isBefore(lastSentAt.plus(HEARTBEAT))) {
            send(report, now);
        }
    }

    /** The heartbeat: reports while online if nothing was reported for {@link #HEARTBEAT}. */
    void heartbeat() {
        Instant now = clock.instant();
        if (live.online && !live.closed && (lastSentAt == null || !now.isBefore(lastSentAt.plus(HEARTBEAT)))) {
            send(current(now), now);
        }
    }

    private void send(DeviceHealth report, Instant now) {
        if (unsupported || !signedIn()) {
            return;
        }
        try {
            transport.reportHealth(report);
            lastSent = report;
            lastSentAt = now;
        } catch (UnsupportedOperationException | RequestRejectedException refused) {
            if (refused instanceof RequestRejectedException rejected && rejected.code() != ErrorCode.NOT_FOUND) {
                log.warn("health report refused: {}", rejected.getMessage());
                return;
            }
            unsupported = true; // a server before wire version 4, or a transport that only syncs
            log.info("the server does not take health reports: {}", refused.getMessage());
        } catch (OfflineException | UnauthorizedException notNow) {
            // the sync says so; the next report goes out when it can
        } catch (TransportException e) {
            log.info("health report not sent: {}", e.getMessage());
        }
    }

    private boolean signedIn() {
        return db.transaction(tx -> DeviceInfo.get(tx, DeviceInfo.REFRESH_TOKEN).isPresent());
    }

    /** The device's figures now, as the console shows them. */
    DeviceHealth current(Instant now) {
        return db.transaction(tx -> {
            int queued = Outbox.pendingByEntity(tx).values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            Instant oldest = Outbox.oldestPendingAt(tx);
            String signedIn = DeviceInfo.get(tx, DeviceInfo.SIGNED_IN_EMPLOYEE).orElse(null);
            String acting = DeviceInfo.get(tx, DeviceInfo.ACTING_EMPLOYEE).orElse(signedIn);
            return new DeviceHealth(
                    app,
                    platform(),
                    queued,
                    secondsSince(oldest, now),
                    Outbox.failedCount(tx),
                    tx.queryOne("SELECT COUNT(*) FROM conflicts WHERE dismissed = 0", row -> row.getInt(1))
                            .orElse(0),
                    secondsSince(live.lastPushAt, now),
                    secondsSince(live.lastPullAt, now),
                    acting,
                    WireInstant.format(now));
        });
    }

    private static Long secondsSince(Instant then, Instant now) {
        return then == null ? null : Math.max(0, Duration.between(then, now).toSeconds());
    }

    /** Two reports with the same figures (ages and the clock reading aside). */
    private static boolean sameFigures(DeviceHealth a, DeviceHealth b) {
        return b != null
                && a.queueDepth() == b.queueDepth()
                && a.failedCount() == b.failedCount()
                && a.conflictCount() == b.conflictCount()
                && Objects.equals(a.actingEmployeeId(), b.actingEmployeeId());
    }

    /** The operating system and Java runtime, cut to what the server takes. */
    static String platform() {
        String platform = System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " ("
                + System.getProperty("os.arch", "?") + "), Java " + System.getProperty("java.version", "?");
        String printable = platform.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= DeviceHealth.MAX_PLATFORM
                ? printable
                : printable.substring(0, DeviceHealth.MAX_PLATFORM);
    }
}

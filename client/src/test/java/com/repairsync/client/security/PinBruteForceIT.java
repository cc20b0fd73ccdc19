package com.repairsync.client.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.client.DeviceOptions;
import com.repairsync.client.PinCost;
import com.repairsync.client.PinLockedException;
import com.repairsync.client.RepairSyncDevice;
import com.repairsync.client.WrongPinException;
import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OWASP API2 (broken authentication), PIN guessing on a stolen device: an attacker who waits out
 * every lock exactly (the best they can do) gets 5 PINs checked, then one per lock, the locks
 * doubling from 30 s to a 1-hour cap: about 35 checked PINs in a day, so a 4-digit PIN holds for
 * months on average. Restarting the app does not lift a lock (the lock state is in the device's
 * database), and the owner's right PIN works again once the lock has passed.
 */
class PinBruteForceIT {
    private static final String PIN = "7391";

    @TempDir
    Path dir;

    @Test
    void waitingOutEveryLockGetsAnAttackerAboutThirtyFivePinsADay() {
        MutableClock clock = MutableClock.atNow();
        TestServer server = TestServer.start(clock);
        try {
            Shop shop = server.createShop();
            Path file = dir.resolve("stolen.db");
            DeviceOptions options = DeviceOptions.defaults()
                    .withAutoSync(false)
                    .withClock(clock)
                    .withPinCost(PinCost.TEST_ONLY);
            RepairSyncDevice device = RepairSyncDevice.open(file, server.http().baseUrl(), options);
            device.join(shop.adminEmail(), TestServer.PASSWORD, "front desk");
            String tech = device.employees().create(Map.of("firstName", "Tess", "role", "technician"));
            device.employees().setPin(tech, PIN);

            Instant end = clock.instant().plus(Duration.ofDays(1));
            int checked = 0;
            int refusedUnchecked = 0;
            boolean restarted = false;
            for (int guess = 0; clock.instant().isBefore(end); ) {
                String pin = String.format("%04d", guess);
                try {
                    device.switchEmployee(tech, pin);
                    throw new AssertionError("guessed " + pin + " after " + checked + " checked PINs");
                } catch (WrongPinException wrong) {
                    checked++;
                    guess++;
                } catch (PinLockedException locked) {
                    refusedUnchecked++;
                    clock.advance(locked.retryIn()); // the attacker waits exactly as long as they must
                }
                if (checked == 10 && !restarted) {
                    device.close();
                    device = RepairSyncDevice.open(file, server.http().baseUrl(), options);
                    restarted = true;
                    try {
                        device.switchEmployee(tech, "0000");
                        throw new AssertionError("a restart lifted the PIN lock");
                    } catch (PinLockedException stillLocked) {
                        refusedUnchecked++;
                    }
                }
            }
            assertThat(checked).as("PINs checked in a simulated day").isBetween(30, 36);
            try {
                device.switchEmployee(tech, "9999"); // one more wrong PIN locks again at once
            } catch (WrongPinException | PinLockedException expected) {
                refusedUnchecked += expected instanceof PinLockedException ? 1 : 0;
            }
            try {
                device.switchEmployee(tech, PIN);
                throw new AssertionError("the right PIN was checked during a lock");
            } catch (PinLockedException locked) {
                assertThat(locked.retryIn()).isLessThanOrEqualTo(Duration.ofHours(1));
                clock.advance(locked.retryIn());
            }
            device.switchEmployee(tech, PIN);
            assertThat(device.actingEmployee()).isEqualTo(tech);
            device.close();
            System.out.printf(
                    "PinBruteForceIT: %d PINs checked in a simulated day, %d attempts refused unchecked during locks%n",
                    checked, refusedUnchecked);
        } finally {
            server.stop();
        }
    }
}

package com.repairsync.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.repairsync.server.testing.Shop;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import com.repairsync.testkit.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * OWASP API2 (broken authentication), password guessing: with the default throttle (5 failures per
 * account and 20 per address in a 15-minute window), an attacker hammering one account for a
 * simulated day gets at most 5 passwords checked per window, about 480 a day, learns nothing while
 * throttled (the right password is refused too), and the owner signs in once the window passed.
 */
class BruteForceIT {
    @Test
    void passwordGuessingIsSlowedToFiveCheckedGuessesPerWindow() {
        MutableClock clock = MutableClock.atNow();
        try (TestServer own = TestServer.start(clock)) {
            Shop shop = own.createShop();
            Map<Integer, Integer> statuses = new TreeMap<>();
            int checked = 0;
            Duration day = Duration.ofDays(1);
            for (Duration elapsed = Duration.ZERO; elapsed.compareTo(day) < 0; elapsed = elapsed.plusSeconds(60)) {
                JsonHttp.Response guess = login(own, shop.adminEmail(), "guess " + elapsed.toSeconds());
                statuses.merge(guess.status(), 1, Integer::sum);
                if (guess.status() == 401) {
                    checked++;
                } else {
                    assertThat(guess.status()).as("%s", guess).isEqualTo(429);
                    assertThat(guess.header("Retry-After")).isNotBlank();
                    assertThat(login(own, shop.adminEmail(), TestServer.PASSWORD)
                                    .status())
                            .as("while throttled even the right password is refused")
                            .isEqualTo(429);
                }
                clock.advance(Duration.ofSeconds(60));
            }
            assertThat(checked)
                    .as("guesses checked in a day at one a minute: %s", statuses)
                    .isLessThanOrEqualTo(5 * 96);
            clock.advance(Duration.ofMinutes(16));
            assertThat(login(own, shop.adminEmail(), TestServer.PASSWORD).status())
                    .isEqualTo(200);
            System.out.printf(
                    "BruteForceIT: %d guesses in a simulated day, %d checked, statuses %s%n",
                    statuses.values().stream().mapToInt(Integer::intValue).sum(), checked, statuses);
        }
    }

    @Test
    void sprayingManyAccountsFromOneAddressIsThrottledToo() {
        MutableClock clock = MutableClock.atNow();
        try (TestServer own = TestServer.start(clock)) {
            int checked = 0;
            for (int i = 0; i < 100; i++) {
                JsonHttp.Response guess = login(own, "someone" + i + "@shop.test", "Password1!");
                if (guess.status() == 401) {
                    checked++;
                } else {
                    assertThat(guess.status()).isEqualTo(429);
                }
            }
            assertThat(checked).as("failures checked per address and window").isEqualTo(20);
        }
    }

    private static JsonHttp.Response login(TestServer server, String email, String password) {
        return server.http()
                .post("/v1/auth/login", Map.of("email", email, "password", password, "deviceName", "x"), null);
    }
}

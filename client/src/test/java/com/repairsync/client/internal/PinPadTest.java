package com.repairsync.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.repairsync.client.PinLockedException;
import com.repairsync.client.WrongPinException;
import com.repairsync.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinPadTest {
    /** Cheap Argon2id so the tests stay fast; the cost lives in the hash, so DEFAULT verifies these. */
    private static final PinHasher CHEAP = new PinHasher(64, 1, 1);

    private static final String PIN = "7391";
    private static final String OTHER_PIN = "582064";
    private static final String WRONG = "1111";
    private static String pinHash;
    private static String otherPinHash;

    private MutableClock clock;
    private InMemoryPinLockStore store;
    private PinPad pad;

    @BeforeAll
    static void hashPins() {
        pinHash = CHEAP.hash(PIN);
        otherPinHash = CHEAP.hash(OTHER_PIN);
    }

    @BeforeEach
    void newDevice() {
        clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
        store = new InMemoryPinLockStore();
        pad = new PinPad(clock, store, CHEAP);
    }

    @Test
    void theRightPinPasses() {
        assertThatCode(() -> pad.check(PIN, pinHash)).doesNotThrowAnyException();
        assertThat(pad.lockedFor()).isEmpty();
        assertThat(pad.attemptsLeft()).isEqualTo(5);
        assertThat(store.load()).isEqualTo(PinLockState.INITIAL);
    }

    @Test
    void wrongPinsCountDownTheAttemptsLeft() {
        for (int expectedLeft = 4; expectedLeft >= 1; expectedLeft--) {
            WrongPinException wrong = wrongPin(WRONG);
            assertThat(wrong.attemptsLeft()).isEqualTo(expectedLeft);
            assertThat(wrong.lockedFor()).isEmpty();
            assertThat(pad.attemptsLeft()).isEqualTo(expectedLeft);
            assertThat(pad.lockedFor()).isEmpty();
        }
        assertThat(catchThrowable(() -> pad.check(WRONG, pinHash)))
                .hasMessage("wrong PIN; PIN entry is locked for 30 s");
        assertThat(store.load().consecutiveFailures()).isEqualTo(5);
    }

    @Test
    void wrongPinMessagesSayWhatIsLeft() {
        assertThat(wrongPin(WRONG)).hasMessage("wrong PIN; 4 attempts left before PIN entry locks");
        wrongPin(WRONG);
        wrongPin(WRONG);
        assertThat(wrongPin(WRONG)).hasMessage("wrong PIN; 1 attempt left before PIN entry locks");
    }

    @Test
    void theFifthWrongPinLocksFor30SecondsAndRefusesEvenTheRightPin() {
        failTimes(4);
        WrongPinException fifth = wrongPin(WRONG);
        assertThat(fifth.attemptsLeft()).isZero();
        assertThat(fifth.lockedFor()).contains(Duration.ofSeconds(30));
        assertThat(pad.lockedFor()).contains(Duration.ofSeconds(30));
        assertThat(pad.attemptsLeft()).isZero();

        PinLockedException locked = locked(PIN);
        assertThat(locked.retryIn()).isEqualTo(Duration.ofSeconds(30));
        assertThat(locked).hasMessage("PIN entry is locked; try again in 30 s");

        clock.advance(Duration.ofSeconds(29));
        assertThat(locked(PIN).retryIn()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pad.lockedFor()).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(999));
        assertThat(locked(PIN).retryIn()).isEqualTo(Duration.ofMillis(1));
        assertThat(locked(PIN)).hasMessage("PIN entry is locked; try again in 1 s"); // rounded up

        clock.advance(Duration.ofMillis(1));
        assertThat(pad.lockedFor()).isEmpty();
        assertThatCode(() -> pad.check(PIN, pinHash)).doesNotThrowAnyException();
        assertThat(store.load()).isEqualTo(PinLockState.INITIAL);
    }

    @Test
    void refusalsWhileLockedAreNotCheckedNorCounted() {
        failTimes(5);
        PinLockState lockedState = store.load();
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            locked(WRONG);
            locked(PIN); // the right PIN does not unlock either
            locked("12"); // nor is a malformed one looked at
        }
        assertThat(store.load()).isEqualTo(lockedState);
        assertThat(pad.lockedFor()).contains(Duration.ofSeconds(20));
    }

    @Test
    void eachWrongPinAfterALockDoublesTheLockUpToAnHour() {
        failTimes(4);
        List<Duration> locks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            WrongPinException wrong = wrongPin(WRONG);
            assertThat(wrong.attemptsLeft()).isZero();
            Duration lock = wrong.lockedFor().orElseThrow();
            locks.add(lock);
            assertThat(pad.lockedFor()).contains(lock);
            clock.advance(lock.minusSeconds(1));
            assertThat(locked(WRONG).retryIn()).isEqualTo(Duration.ofSeconds(1));
            clock.advance(Duration.ofSeconds(1));
            assertThat(pad.lockedFor()).isEmpty();
            assertThat(pad.attemptsLeft()).isEqualTo(1);
        }
        assertThat(locks)
                .containsExactly(
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(240),
                        Duration.ofSeconds(480),
                        Duration.ofSeconds(960),
                        Duration.ofSeconds(1920),
                        Duration.ofHours(1),
                        Duration.ofHours(1),
                        Duration.ofHours(1));
    }

    @Test
    void lockMessagesReadForPeople() {
        failTimes(5);
        clock.advance(Duration.ofSeconds(30));
        assertThat(wrongPin(WRONG)).hasMessage("wrong PIN; PIN entry is locked for 1 min");
        clock.advance(Duration.ofSeconds(30));
        assertThat(locked(PIN)).hasMessage("PIN entry is locked; try again in 30 s");
        clock.advance(Duration.ofSeconds(30));
        wrongPin(WRONG); // 120 s
        clock.advance(Duration.ofSeconds(30));
        assertThat(locked(PIN)).hasMessage("PIN entry is locked; try again in 1 min 30 s");
        Duration lock = Duration.ofSeconds(90);
        do {
            clock.advance(lock);
            lock = wrongPin(WRONG).lockedFor().orElseThrow();
        } while (lock.compareTo(Duration.ofSeconds(1920)) < 0);
        clock.advance(lock);
        assertThat(wrongPin(WRONG)).hasMessage("wrong PIN; PIN entry is locked for 1 h");
    }

    @Test
    void theRightPinResetsEverything() {
        failTimes(4);
        pad.check(PIN, pinHash);
        assertThat(pad.attemptsLeft()).isEqualTo(5);
        assertThat(store.load()).isEqualTo(PinLockState.INITIAL);
        assertThat(wrongPin(WRONG).attemptsLeft()).isEqualTo(4);

        // After escalated locks too: five attempts again, and the next lock is 30 s again.
        failTimes(4);
        clock.advance(Duration.ofSeconds(30));
        wrongPin(WRONG); // 60 s
        clock.advance(Duration.ofSeconds(60));
        wrongPin(WRONG); // 120 s
        clock.advance(Duration.ofSeconds(120));
        pad.check(PIN, pinHash);
        for (int expectedLeft = 4; expectedLeft >= 1; expectedLeft--) {
            assertThat(wrongPin(WRONG).attemptsLeft()).isEqualTo(expectedLeft);
        }
        assertThat(wrongPin(WRONG).lockedFor()).contains(Duration.ofSeconds(30));
    }

    @Test
    void aLockSurvivesARestart() {
        failTimes(5);
        clock.advance(Duration.ofSeconds(30));
        wrongPin(WRONG); // 60 s
        clock.advance(Duration.ofSeconds(20));

        PinPad restarted = new PinPad(clock, store, CHEAP);
        assertThat(restarted.lockedFor()).contains(Duration.ofSeconds(40));
        PinLockedException locked = catchThrowableOfType(PinLockedException.class, () -> restarted.check(PIN, pinHash));
        assertThat(locked.retryIn()).isEqualTo(Duration.ofSeconds(40));

        clock.advance(Duration.ofSeconds(40));
        WrongPinException again = catchThrowableOfType(WrongPinException.class, () -> restarted.check(WRONG, pinHash));
        assertThat(again.lockedFor()).contains(Duration.ofSeconds(120)); // the escalation continues

        // A device with its own (empty) store is not locked: the lock lives in the store.
        assertThat(new PinPad(clock, new InMemoryPinLockStore(), CHEAP).lockedFor())
                .isEmpty();
    }

    @Test
    void failuresCountPerDeviceNotPerEmployee() {
        wrongPin(WRONG); // employee A
        wrongPin(WRONG);
        wrongPin(WRONG);
        assertThat(catchThrowableOfType(WrongPinException.class, () -> pad.check(WRONG, otherPinHash))
                        .attemptsLeft())
                .isEqualTo(1); // employee B
        WrongPinException fifth = catchThrowableOfType(WrongPinException.class, () -> pad.check(PIN, otherPinHash));
        assertThat(fifth.lockedFor()).contains(Duration.ofSeconds(30));
        assertThatThrownBy(() -> pad.check(OTHER_PIN, otherPinHash)).isInstanceOf(PinLockedException.class);
        assertThatThrownBy(() -> pad.check(PIN, pinHash)).isInstanceOf(PinLockedException.class);
    }

    @Test
    void anEmployeeWithoutAPinIsRefusedWithoutCounting() {
        for (int i = 0; i < 10; i++) {
            WrongPinException noPin = catchThrowableOfType(WrongPinException.class, () -> pad.check(PIN, null));
            assertThat(noPin).hasMessage("employee has no PIN set");
            assertThat(noPin.attemptsLeft()).isEqualTo(5);
            assertThat(noPin.lockedFor()).isEmpty();
        }
        assertThat(store.load()).isEqualTo(PinLockState.INITIAL);
        failTimes(5);
        assertThatThrownBy(() -> pad.check(PIN, null)).isInstanceOf(PinLockedException.class);
    }

    @Test
    void aMalformedHashNeverMatchesAndCountsAsAWrongPin() {
        assertThat(CHEAP.verify(PIN, "not a hash")).isFalse();
        assertThat(CHEAP.verify(PIN, "")).isFalse();
        assertThat(CHEAP.verify(PIN, "$argon2id$v=19$m=64,t=1,p=1$broken")).isFalse();
        assertThat(CHEAP.verify(PIN, null)).isFalse();
        assertThat(CHEAP.verify(null, pinHash)).isFalse();
        assertThat(catchThrowableOfType(WrongPinException.class, () -> pad.check(PIN, "not a hash"))
                        .attemptsLeft())
                .isEqualTo(4);
    }

    @Test
    void pinsAreFourToEightAsciiDigits() {
        for (String valid : new String[] {"0000", "1234", "12345", "00000000", "98765432"}) {
            assertThatCode(() -> PinPad.validatePin(valid)).as(valid).doesNotThrowAnyException();
        }
        for (String invalid : new String[] {
            null,
            "",
            "123",
            "12a4",
            "abcd",
            "123456789",
            "1234567890",
            " 1234",
            "1234 ",
            "-123",
            "12.4",
            "+1234",
            "١٢٣٤", // Arabic-Indic digits: Character.isDigit, but not ASCII
            "１２３４", // fullwidth digits
        }) {
            assertThatThrownBy(() -> PinPad.validatePin(invalid))
                    .as(String.valueOf(invalid))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("PIN must be 4 to 8 digits");
            assertThatThrownBy(() -> pad.hash(invalid)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pad.check(invalid, pinHash)).isInstanceOf(IllegalArgumentException.class);
        }
        // A PIN that cannot match any hash is not a guess: nothing was counted.
        assertThat(store.load()).isEqualTo(PinLockState.INITIAL);
    }

    @Test
    void hashesAreSaltedArgon2idAndNeverContainThePin() {
        String pin = "73915820";
        String first = pad.hash(pin);
        String second = pad.hash(pin);
        assertThat(first).isNotEqualTo(second);
        for (String hash : List.of(first, second)) {
            assertThat(hash).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
            assertThat(hash).doesNotContain(pin);
            assertThat(CHEAP.verify(pin, hash)).isTrue();
            assertThat(CHEAP.verify("73915821", hash)).isFalse();
        }
        assertThatCode(() -> pad.check(pin, first)).doesNotThrowAnyException();
    }

    @Test
    void theDefaultCostIsThePolicysAndVerifiesAnyCost() {
        String hash = PinHasher.DEFAULT.hash(PIN); // one policy hash (about 0.6 s): the only one in the tests
        assertThat(hash).startsWith("$argon2id$v=19$m=131072,t=4,p=2$");
        // The cost travels with the hash: a policy hash verifies with the cheap hasher and back.
        assertThat(CHEAP.verify(PIN, hash)).isTrue();
        assertThat(PinHasher.DEFAULT.verify(PIN, pinHash)).isTrue();
        assertThat(PinHasher.DEFAULT.current(hash)).isTrue();
        assertThat(PinHasher.DEFAULT.current(pinHash))
                .as("a cheaper hash is replaced")
                .isFalse();
    }

    @Test
    void aHashIsCurrentWithAsMuchMemoryAndAsManyIterationsWhateverItsLanes() {
        PinHasher device = new PinHasher(128, 2, 1);
        assertThat(device.current(new PinHasher(128, 2, 2).hash(PIN))).isTrue();
        assertThat(device.current(new PinHasher(256, 3, 1).hash(PIN))).isTrue();
        assertThat(device.current(new PinHasher(64, 2, 1).hash(PIN)))
                .as("less memory")
                .isFalse();
        assertThat(device.current(new PinHasher(128, 1, 1).hash(PIN)))
                .as("fewer iterations")
                .isFalse();
        assertThat(device.current("$argon2i$v=19$m=131072,t=4,p=1$c2FsdHNhbHQ$aGFzaA"))
                .as("argon2i")
                .isFalse();
        assertThat(device.current("not a hash")).isFalse();
    }

    @Test
    void noMessageEverContainsThePin() {
        List<String> pins = List.of("7391", "582064", "40965173", "123456789", "12a4", "864");
        List<Throwable> thrown = new ArrayList<>();
        for (String pin : pins) {
            thrown.add(catchThrowable(() -> PinPad.validatePin(pin)));
            thrown.add(catchThrowable(() -> pad.hash(pin)));
            thrown.add(catchThrowable(() -> pad.check(pin, pinHash)));
            thrown.add(catchThrowable(() -> pad.check(pin, null)));
        }
        for (int i = 0; i < 5; i++) {
            thrown.add(catchThrowable(() -> pad.check("40965173", pinHash)));
        }
        thrown.add(catchThrowable(() -> pad.check("40965173", pinHash)));
        clock.advance(Duration.ofSeconds(30));
        thrown.add(catchThrowable(() -> pad.check("40965173", pinHash)));
        thrown.removeIf(t -> t == null);
        assertThat(thrown)
                .extracting(t -> t.getClass().getSimpleName())
                .contains("IllegalArgumentException", "WrongPinException", "PinLockedException");
        for (Throwable t : thrown) {
            for (String pin : pins) {
                assertThat(t.getMessage()).as(t.toString()).doesNotContain(pin);
                assertThat(t.toString()).doesNotContain(pin);
            }
        }
    }

    @Test
    void settingTheClockBackDoesNotLengthenALock() {
        failTimes(5);
        clock.advance(Duration.ofSeconds(30));
        wrongPin(WRONG); // 60 s from 09:00:30
        clock.advance(Duration.ofSeconds(-6 * 3600)); // the device's clock is corrected by six hours
        assertThat(pad.lockedFor()).contains(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThatCode(() -> pad.check(PIN, pinHash)).doesNotThrowAnyException();
    }

    @Test
    void aStoreThatHasNothingYetMeansNoLock() {
        PinLockStore empty = new PinLockStore() {
            @Override
            public PinLockState load() {
                return null;
            }

            @Override
            public void save(PinLockState state) {}
        };
        PinPad fresh = new PinPad(clock, empty, CHEAP);
        assertThat(fresh.lockedFor()).isEmpty();
        assertThat(fresh.attemptsLeft()).isEqualTo(5);
        assertThatCode(() -> fresh.check(PIN, pinHash)).doesNotThrowAnyException();
    }

    @Test
    void lockStatesAreValidated() {
        assertThatThrownBy(() -> new PinLockState(-1, null, null)).hasMessageContaining("consecutiveFailures");
        assertThatThrownBy(() -> new PinLockState(5, null, Duration.ZERO)).hasMessageContaining("lastLock");
        assertThatThrownBy(() -> new PinPad(null, store, CHEAP)).hasMessageContaining("clock");
        assertThatThrownBy(() -> new PinPad(clock, null, CHEAP)).hasMessageContaining("store");
        assertThatThrownBy(() -> new PinPad(clock, store, null)).hasMessageContaining("hasher");
    }

    private void failTimes(int times) {
        for (int i = 0; i < times; i++) {
            wrongPin(WRONG);
        }
    }

    private WrongPinException wrongPin(String pin) {
        WrongPinException wrong = catchThrowableOfType(WrongPinException.class, () -> pad.check(pin, pinHash));
        assertThat(wrong).as("a wrong PIN is refused").isNotNull();
        return wrong;
    }

    private PinLockedException locked(String pin) {
        PinLockedException locked = catchThrowableOfType(PinLockedException.class, () -> pad.check(pin, pinHash));
        assertThat(locked).as("PIN entry is locked").isNotNull();
        return locked;
    }
}

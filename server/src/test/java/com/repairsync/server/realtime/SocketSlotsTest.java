package com.repairsync.server.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.protocol.Role;
import com.repairsync.server.auth.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Socket caps per device, login and shop: never passed by racing sockets, and every slot given back. */
class SocketSlotsTest {

    private static Principal principal(String shop, String employee, String device) {
        return new Principal(shop, employee, Role.TECHNICIAN, device, Instant.MAX);
    }

    @Test
    void eachCapRefusesNamingItsSettingAndAReleasedSlotCanBeTakenAgain() {
        SocketSlots slots = new SocketSlots(2, 3, 4);
        Principal tablet = principal("shop", "tess", "tablet");
        SocketSlots.Slot first = slots.reserve(tablet);
        slots.reserve(tablet);
        assertThatThrownBy(() -> slots.reserve(tablet))
                .isInstanceOf(SocketSlots.CapReached.class)
                .hasMessageContaining("--max-sockets-per-device")
                .satisfies(e -> assertThat(((SocketSlots.CapReached) e).cap()).isEqualTo(SocketSlots.Cap.DEVICE));

        slots.reserve(principal("shop", "tess", "laptop"));
        assertThatThrownBy(() -> slots.reserve(principal("shop", "tess", "phone")))
                .hasMessageContaining("--max-sockets-per-login");

        slots.reserve(principal("shop", "rita", "desk"));
        assertThatThrownBy(() -> slots.reserve(principal("shop", "rita", "desk 2")))
                .hasMessageContaining("--max-sockets-per-shop");
        slots.reserve(principal("another shop", "tess", "tablet")); // other shops are counted apart

        first.release();
        first.release(); // only the first release counts
        assertThat(slots.heldByDevice(tablet)).isEqualTo(1);
        assertThat(slots.heldByShop("shop")).isEqualTo(3);
        slots.reserve(principal("shop", "rita", "desk 2"));
        assertThatThrownBy(() -> slots.reserve(tablet)).hasMessageContaining("--max-sockets-per-shop");
    }

    @Test
    void racingReservationsNeverPassACapAndReleasesLeaveNothingHeld() throws Exception {
        int cap = 16;
        SocketSlots slots = new SocketSlots(1000, 1000, cap);
        int threads = 8;
        int attemptsEach = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        CyclicBarrier holding = new CyclicBarrier(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < attemptsEach; i++) {
                        // Each thread wants four at once: 32 wanted, 16 allowed.
                        List<SocketSlots.Slot> mine = new ArrayList<>();
                        for (int j = 0; j < 4; j++) {
                            try {
                                mine.add(slots.reserve(principal("shop", "e" + thread, "d" + thread + "-" + j)));
                                mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                            } catch (SocketSlots.CapReached full) {
                                refusals.incrementAndGet();
                            }
                        }
                        holding.await(); // all hold theirs at once: 16 of the 32 wanted
                        for (SocketSlots.Slot slot : mine) {
                            held.decrementAndGet();
                            slot.release();
                        }
                        holding.await(); // and all have given theirs back before the next round
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> thread : done) {
                thread.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mostHeld.get()).isLessThanOrEqualTo(cap);
        assertThat(slots.heldByShop("shop")).isZero();
        assertThat(refusals.get())
                .as("refused: what was wanted past the cap")
                .isEqualTo(attemptsEach * (threads * 4 - cap));
    }
}

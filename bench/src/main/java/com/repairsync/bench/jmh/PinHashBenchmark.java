package com.repairsync.bench.jmh;

import com.repairsync.bench.ProcessCpu;
import com.repairsync.client.PinCost;
import com.repairsync.client.internal.BenchHook;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One PIN check: an Argon2id verification of a 6-digit PIN at a candidate cost, as a desk does at
 * unlock and as an attacker with a copied device database does per guess. The score is the wall
 * time of one check (what the person at the desk waits); the {@code cpuMillis} and {@code checks}
 * counters give the CPU time of the whole process (GC and the lanes' threads included) per check,
 * which is what a guess costs an attacker: trying all 10^6 six-digit PINs on 2 cores takes 10^6 ×
 * cpuMillis/checks / 2. Lanes ({@code parallelism}) cut the wall time, not the work.
 *
 * <p>Run: {@code repairsync bench jmh PinHashBenchmark} (about 1 minute per parameter set); the
 * figures chosen from are in docs/client.md, "PIN policy".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class PinHashBenchmark {
    private static final String PIN = "583920";

    @Param({"65536", "131072", "262144"})
    public int memoryKib;

    @Param({"2", "3", "4"})
    public int iterations;

    @Param({"1", "2"})
    public int parallelism;

    private BenchHook.PinHashing hasher;
    private String hash;

    /** CPU used per check, summed over the measurement (divide cpuMillis by checks). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public double cpuMillis;
        public long checks;
    }

    @Setup
    public void setUp() {
        hasher = BenchHook.pinHashing(new PinCost(memoryKib, iterations, parallelism));
        hash = hasher.hash(PIN);
    }

    @Benchmark
    public boolean check(Cpu cpu) {
        long before = ProcessCpu.nanos();
        boolean matches = hasher.verify(PIN, hash);
        cpu.cpuMillis += (ProcessCpu.nanos() - before) / 1e6;
        cpu.checks++;
        return matches;
    }
}

package com.repairsync.bench.scenario;

import com.repairsync.bench.Results;
import java.io.IOException;
import java.util.List;

/**
 * What telling the sockets of one change costs the server, three ways: its process's CPU in the
 * half of each measured interval that holds the change, less the other half, which holds the same
 * push to a shop no socket hears (pings, GC and the stats calls fall on both alike); its realtime
 * sender threads' own CPU ({@link SenderThreadsCpu}); and, as the floor, a bare write of a frame of
 * the same size to as many loopback sockets ({@link LoopbackWrites}). Each per socket per change.
 */
final class FanoutCpu {
    /** Rounds of LoopbackWrites: each writes to every socket once. */
    static final int LOOPBACK_ROUNDS = 20;

    private final List<Long> serverPids;
    private final int sockets;
    private long senderStart = -1;
    private long listened;
    private long quiet;
    private int lateHalves;

    /** For the server processes {@code serverPids} and their {@code sockets} connected devices. */
    FanoutCpu(List<Long> serverPids, int sockets) {
        this.serverPids = serverPids;
        this.sockets = sockets;
    }

    /** The measured changes begin: reads the sender threads' CPU so far, where /proc tells it. */
    void start() {
        senderStart = SenderThreadsCpu.available() ? SenderThreadsCpu.nanos(serverPids) : -1;
    }

    /** A measured change's half: the server's CPU nanoseconds while it was pushed and fanned out. */
    void listened(long nanos) {
        listened += nanos;
    }

    /** The other half: the server's CPU nanoseconds while the quiet push ran. */
    void quiet(long nanos) {
        quiet += nanos;
    }

    /** A change was still being delivered when its half ended. */
    void lateHalf() {
        lateHalves++;
    }

    /**
     * Puts the figures for {@code events} measured changes; {@code messageBytes} is the size of the
     * last message the sockets heard (0 if none heard one), for the floor.
     */
    void report(Results results, int events, int messageBytes) throws IOException, InterruptedException {
        if (senderStart >= 0) {
            results.put(
                    "server.senderCpuPerSocket",
                    (SenderThreadsCpu.nanos(serverPids) - senderStart) / 1e3 / events / sockets,
                    "µs of the realtime sender threads' CPU per socket per change (from /proc)");
        } else {
            results.note("server.senderCpuPerSocket not measured: no /proc to read the sender threads' CPU");
        }
        results.put("cpuPerEvent.server", listened / 1e6 / events, "ms of CPU per measured change");
        results.put(
                "cpuPerEvent.serverQuiet",
                quiet / 1e6 / events,
                "ms, the same push to another shop, no socket to tell");
        results.put(
                "server.cpuPerSocketPerChange",
                (listened - quiet) / 1e3 / events / sockets,
                "µs of server CPU per connected device per change, beyond the push itself");
        if (messageBytes > 0) {
            double floor = LoopbackWrites.cpuMicrosPerWrite(sockets, LOOPBACK_ROUNDS, messageBytes);
            results.put(
                    "loopbackWrite.cpu",
                    floor,
                    "µs of CPU per write of a " + messageBytes + "-byte frame to one of " + sockets
                            + " loopback sockets, the harness alone (the floor)");
            if (results.has("server.senderCpuPerSocket")) {
                results.put(
                        "server.senderCpuToLoopbackWrite",
                        results.get("server.senderCpuPerSocket") / floor,
                        "× the floor: the sender threads' CPU per socket against the bare write");
            }
        }
        if (lateHalves > 0) {
            results.note(lateHalves + " of " + events + " changes were still being delivered at the half of their"
                    + " interval: the CPU per socket is low by their spill-over (lower --rate)");
        }
        results.note("cpuPerEvent: CPU per measured change (pings, JIT and GC included), on "
                + Runtime.getRuntime().availableProcessors() + " cores; the server's in the first half of each"
                + " interval (the change and its fan-out), serverQuiet in the second (the same push to another shop,"
                + " which no socket hears); cpuPerSocketPerChange: their difference per connected device;"
                + " senderCpuPerSocket: the server's realtime-sender threads alone (Linux schedstat), which hand"
                + " each change to the sockets, per socket per change; loopbackWrite: the harness writing a frame"
                + " of the last message's size to as many loopback sockets, " + LOOPBACK_ROUNDS + " rounds, one"
                + " selector thread reading (on loopback the receiver's kernel path runs in the writer's system"
                + " call, for the server as for it)");
    }
}

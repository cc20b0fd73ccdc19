package com.repairsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every load scenario with tiny numbers (a few seconds each) so the harness never rots: each
 * must finish, write every figure it promises and report 0 errors. Whether the targets are met is
 * for the documented full runs, not for this smoke. The PouchDB peer is skipped here: its npm
 * install takes minutes and needs the network. The attachments scenario uploads 10 photos of 1 MiB
 * here, and its full 200 photos of 4 MiB in the nightly profile ({@code -Drepairsync.scale} above 1).
 * The history scenario's errors count its own checks too: history rows written with history on and
 * none with it off, and the read record's 50 entries on every read.
 */
class BenchSmokeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The nightly profile ({@code -Drepairsync.scale=10}) runs the attachments scenario at full size. */
    private static final boolean NIGHTLY = Integer.getInteger("repairsync.scale", 1) > 1;

    /** A scenario's tiny run, the figures it must write, and those of them that must be above 0. */
    record Smoke(String scenario, List<String> args, List<String> figures, List<String> positive) {
        Smoke(String scenario, List<String> args, List<String> figures) {
            this(scenario, args, figures, List.of());
        }

        @Override
        public String toString() {
            return scenario
                    + (args.contains("--pg") ? " on embedded PostgreSQL" : "")
                    + (args.contains("--nodes") ? ", " + args.get(args.indexOf("--nodes") + 1) + " nodes" : "");
        }
    }

    static List<Smoke> scenarios() {
        return List.of(
                new Smoke(
                        "initial-sync",
                        List.of("--records", "200", "--no-peer", "--warmup", "1", "--custom-fields", "2"),
                        List.of(
                                "sync.rowsPerSecond",
                                "sync.seconds",
                                "device.heapPeakMb",
                                "server.heapPeakMb",
                                "raw.rowsPerSecond",
                                "sync.ratioToRaw",
                                "sync.onDeviceSeconds",
                                "encryptedStore.rowsPerSecond",
                                "plainStore.rowsPerSecond",
                                "sync.ratioToPlainStore")),
                new Smoke(
                        "push",
                        List.of("--records", "200", "--naive-limit", "20", "--warmup", "40", "--custom-fields", "2"),
                        List.of(
                                "push.mutationsPerSecond",
                                "naive.mutationsPerSecond",
                                "push.ratioToNaive",
                                "raw.rowsPerSecond",
                                "push.ratioToRaw",
                                "push.onDeviceSeconds")),
                new Smoke(
                        "realtime",
                        List.of(
                                "--records",
                                "100",
                                "--devices",
                                "4",
                                "--sdk-devices",
                                "2",
                                "--events",
                                "3",
                                "--rate",
                                "5",
                                "--warmup",
                                "2"),
                        List.of(
                                "latency.p50",
                                "latency.p95",
                                "latency.p99",
                                "latency.max",
                                "socketLatency.p50",
                                "writerPush.p50",
                                "server.heapPerDeviceKb",
                                "cpuPerEvent.server",
                                "cpuPerEvent.serverQuiet",
                                "server.cpuPerSocketPerChange",
                                "loopbackWrite.cpu",
                                "server.senderCpuPerSocket",
                                "server.senderCpuToLoopbackWrite",
                                "cpuPerEvent.harness",
                                "server.fanoutMean"),
                        List.of("loopbackWrite.cpu", "server.senderCpuPerSocket")),
                new Smoke(
                        "mixed",
                        List.of("--records", "200", "--devices", "3", "--seconds", "3", "--rate", "2"),
                        List.of("server.cpuPercent", "operationsPerSecond", "push.p99", "localWrite.p99")),
                new Smoke(
                        "restore",
                        List.of("--records", "200"),
                        List.of(
                                "initialSync.seconds",
                                "push.withoutBackup.p99",
                                "push.duringBackup.p99",
                                "backup.count",
                                "backup.ratioOfPushP99",
                                "heal.seconds",
                                "heal.ratioToInitialSync")),
                new Smoke(
                        "attachments",
                        NIGHTLY
                                ? List.of("--photos", "200", "--photo-size", Integer.toString(4 << 20))
                                : List.of("--photos", "10", "--photo-size", Integer.toString(1 << 20), "--warmup", "2"),
                        List.of(
                                "plain.mibPerSecond",
                                "sdk.mibPerSecond",
                                "sdk.ratioToPlain",
                                "push.withoutUploads.p99",
                                "push.duringUploads.p99",
                                "push.ratioOfP99",
                                "resume.cuts",
                                "resume.bytesSent",
                                "resume.overheadChunks")),
                new Smoke(
                        "history",
                        List.of(
                                "--records",
                                "300",
                                "--mutations",
                                "200",
                                "--rounds",
                                "1",
                                "--warmup",
                                "40",
                                "--reads",
                                "20"),
                        List.of(
                                "push.withHistory.mutationsPerSecond",
                                "push.withoutHistory.mutationsPerSecond",
                                "push.ratioWithHistory",
                                "push.cpuRatioWithHistory",
                                "push.withHistory.serverCpuMicrosPerMutation",
                                "push.withHistory.historyRows",
                                "push.withoutHistory.historyRows",
                                "history.recordEntries",
                                "read.http.p50",
                                "read.http.p99",
                                "read.http.serverMean",
                                "read.store.p99",
                                "read.raw.p99",
                                "read.health.p99",
                                "read.http.ratioToRaw",
                                "read.http.ratioToHealth",
                                "read.store.ratioToRaw"),
                        List.of(
                                "push.withHistory.mutationsPerSecond",
                                "push.withoutHistory.mutationsPerSecond",
                                "push.ratioWithHistory",
                                "push.withHistory.historyRows",
                                "read.http.p50",
                                "read.http.serverMean",
                                "read.store.p50",
                                "read.raw.p50")),
                // Several nodes on one PostgreSQL: every --pg embedded run in this JVM shares one
                // embedded PostgreSQL (a fresh database per world).
                new Smoke(
                        "shops",
                        List.of("--shops", "2", "--devices", "2", "--records", "30", "--warmup", "0"),
                        List.of("nodes1.mutationsPerSecond", "nodes1.serverCpuSeconds", "nodes1.mutationsPerCpuSecond"),
                        List.of("nodes1.mutations", "nodes1.mutationsPerCpuSecond")),
                new Smoke(
                        "shops",
                        List.of(
                                "--pg",
                                "embedded",
                                "--nodes",
                                "2",
                                "--shops",
                                "2",
                                "--devices",
                                "2",
                                "--records",
                                "30",
                                "--warmup",
                                "0"),
                        List.of(
                                "nodes1.mutationsPerCpuSecond",
                                "nodes2.mutationsPerSecond",
                                "nodes2.mutationsPerCpuSecond",
                                "nodes2.databaseCpuSeconds",
                                "nodes2.efficiency",
                                "nodes2.throughputRatio"),
                        List.of("nodes1.mutations", "nodes2.mutations", "nodes2.efficiency")),
                new Smoke(
                        "realtime",
                        List.of(
                                "--pg",
                                "embedded",
                                "--nodes",
                                "2",
                                "--records",
                                "100",
                                "--devices",
                                "4",
                                "--sdk-devices",
                                "2",
                                "--events",
                                "3",
                                "--rate",
                                "5",
                                "--warmup",
                                "2"),
                        List.of("latency.p50", "latency.p99", "socketLatency.p50", "server.heapPerDeviceKb", "nodes"),
                        List.of("latency.p50", "socketLatency.p50")),
                // A tiny shop on the device; every screen's query through the SDK beside its old full scan.
                new Smoke(
                        "queries",
                        List.of("--customers", "60", "--tickets", "120", "--parts", "100", "--appointments", "30"),
                        List.of(
                                "sync.ratioToRaw",
                                "search.p99Ms",
                                "search.ratioToFullScan",
                                "ticketsOfCustomer.p99Ms",
                                "repairsBoard.p99Ms",
                                "appointmentsOfDay.p99Ms",
                                "lowStock.p99Ms"),
                        List.of("sync.rowsPerSecond", "raw.rowsPerSecond", "lowStock.fullScanMs")),
                // 40 socket stand-ins in one child process over 2 nodes; node 2 is killed and they return.
                new Smoke(
                        "fleet",
                        List.of("--pg", "embedded", "--nodes", "2", "--devices", "40"),
                        List.of(
                                "server.heapPerDeviceKb",
                                "reconnect.seconds",
                                "reconnect.serverCpuSeconds",
                                "presence.connect.messages",
                                "presence.connect.ratio",
                                "presence.wrong"),
                        List.of("reconnect.devicesMoved", "reconnect.seconds", "presence.connect.changes")));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void scenarioRunsAndReportsEveryFigure(Smoke smoke, @TempDir Path dir) throws Exception {
        Path out = dir.resolve(smoke.scenario() + ".json");
        List<String> args = new ArrayList<>();
        args.add(smoke.scenario());
        args.addAll(smoke.args());
        args.addAll(List.of(
                "--json-out", out.toString(), "--work-dir", dir.resolve("work").toString()));
        // A small server JVM that starts fast: the smoke checks the harness, not the speed.
        args.addAll(List.of("--server-heap", "256m", "--server-jvm-arg=-XX:TieredStopAtLevel=1"));

        int exit = BenchMain.commandLine().execute(args.toArray(String[]::new));

        assertThat(exit).as("exit code of bench " + smoke.scenario()).isZero();
        JsonNode figures = JSON.readTree(out.toFile()).get("figures");
        for (String figure : smoke.figures()) {
            assertThat(figures.has(figure)).as(figure).isTrue();
            assertThat(figures.get(figure).asDouble()).as(figure).isFinite();
        }
        for (String figure : smoke.positive()) {
            assertThat(figures.get(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(figures.get("errors").asDouble()).as("errors").isZero();
    }
}

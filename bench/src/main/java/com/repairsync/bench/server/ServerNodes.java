package com.repairsync.bench.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * N server processes on one database, as a cluster runs them: the same database flags, the same
 * token key (so a device signed in on one node is known on every node), a node id each
 * ({@code bench-node-1} …), a data directory each. Node 1 ({@code node(0)}) starts first and runs
 * the migrations; the others start after it, together. With SQLite only one node makes sense
 * (each would have a database of its own): more are refused.
 *
 * <p>Indexes are 0-based: {@code node(0)} is node 1. Its data directory is the {@code dataDir}
 * given; node {@code i + 1}'s is {@code dataDir} with {@code -<i + 1>} appended.
 */
public final class ServerNodes implements AutoCloseable {
    /** The most nodes one world starts: every node holds a pool of 8 + 2 PostgreSQL connections. */
    public static final int MAX_NODES = 16;

    private final Path dataDir;
    private final List<String> jvmArgs;
    private final List<String> flags;
    private final Map<String, String> environment;
    private final List<ServerProcess> nodes;

    private ServerNodes(
            Path dataDir,
            List<String> jvmArgs,
            List<String> flags,
            Map<String, String> environment,
            List<ServerProcess> nodes) {
        this.dataDir = dataDir;
        this.jvmArgs = jvmArgs;
        this.flags = flags;
        this.environment = environment;
        this.nodes = nodes;
    }

    /**
     * Starts {@code count} nodes.
     *
     * @param databaseFlags one world's flags from {@link ServerDatabase#newWorld} (empty: SQLite)
     * @param flags the other server flags, the same on every node ({@code --data}, {@code --port}
     *     and {@code --node-id} are added per node: leave them out)
     * @throws IllegalArgumentException if {@code count} is out of 1..{@link #MAX_NODES}, or above 1 on
     *     SQLite
     * @throws IllegalStateException if a node does not start (the started ones are stopped)
     */
    public static ServerNodes start(
            int count, Path dataDir, List<String> jvmArgs, List<String> databaseFlags, List<String> flags) {
        if (count < 1 || count > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be 1 to " + MAX_NODES + ", got " + count);
        }
        if (count > 1 && databaseFlags.isEmpty()) {
            throw new IllegalArgumentException("--nodes " + count + " needs PostgreSQL (--pg embedded or --db-url):"
                    + " nodes share one database, and each SQLite server has its own");
        }
        for (String perNode : List.of("--data", "--port", "--node-id", "--jwt-secret")) {
            if (flags.contains(perNode)) {
                throw new IllegalArgumentException(perNode + " is set by ServerNodes for each node; leave it out");
            }
        }
        List<String> common = new ArrayList<>(databaseFlags);
        common.addAll(flags);
        // The token key is shared through the environment, never a command line a process list shows.
        Map<String, String> environment = Map.of("REPAIRSYNC_JWT_SECRET", ServerDatabase.randomSecret());
        List<ServerProcess> started = new ArrayList<>();
        ServerNodes cluster = new ServerNodes(dataDir, List.copyOf(jvmArgs), List.copyOf(common), environment, started);
        try {
            started.add(cluster.launch(0, 0));
            // A thread each: the common pool has one thread on two cores, and a start waits seconds.
            List<CompletableFuture<ServerProcess>> rest = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int index = i;
                CompletableFuture<ServerProcess> node = new CompletableFuture<>();
                rest.add(node);
                new Thread(
                                () -> {
                                    try {
                                        node.complete(cluster.launch(index, 0));
                                    } catch (RuntimeException e) {
                                        node.completeExceptionally(e);
                                    }
                                },
                                "start node " + (index + 1))
                        .start();
            }
            RuntimeException failure = null;
            for (CompletableFuture<ServerProcess> node : rest) {
                try {
                    started.add(node.join());
                } catch (CompletionException e) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts node {@code index} on {@code port} (0: any free port). */
    private ServerProcess launch(int index, int port) {
        List<String> nodeFlags = new ArrayList<>(flags);
        nodeFlags.addAll(List.of(
                "--data", dataDir(index).toString(),
                "--port", Integer.toString(port),
                "--node-id", "bench-node-" + (index + 1)));
        return ServerProcess.start(dataDir(index), jvmArgs, nodeFlags, environment);
    }

    /** Node {@code index}'s data directory (its {@code server.log} is there). */
    public Path dataDir(int index) {
        return index == 0 ? dataDir : dataDir.resolveSibling(dataDir.getFileName() + "-" + (index + 1));
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code index + 1}. */
    public ServerProcess node(int index) {
        return nodes.get(index);
    }

    /** Every node, node 1 first, killed ones included. */
    public List<ServerProcess> nodes() {
        return List.copyOf(nodes);
    }

    /** Node {@code index + 1}'s base URL. */
    public String url(int index) {
        return nodes.get(index).url();
    }

    /** Every node's base URL, node 1 first. */
    public List<String> urls() {
        return nodes.stream().map(ServerProcess::url).toList();
    }

    /**
     * The node index for the {@code k}th of many devices: devices 0, 1, 2 … go round the nodes from
     * index {@code first} on, as a load balancer would spread them; round all nodes when there is
     * none from {@code first} on (one node).
     */
    public int spread(int k, int first) {
        return spread(k, first, nodes.size());
    }

    /** {@link #spread(int, int)} over {@code size} nodes. */
    static int spread(int k, int first, int size) {
        if (first >= size) {
            return Math.floorMod(k, size);
        }
        return first + Math.floorMod(k, size - first);
    }

    /** Kills node {@code index + 1} at once ({@code destroyForcibly}), as a crash would. */
    public void kill(int index) {
        nodes.get(index).kill();
    }

    /** Stops node {@code index + 1} cleanly (it says goodbye to the other nodes). */
    public void stop(int index) {
        nodes.get(index).close();
    }

    /**
     * Starts node {@code index + 1} again after {@link #kill} or {@link #stop}, with the same flags,
     * data directory and port, so devices find it where they left it.
     */
    public ServerProcess restart(int index) {
        ServerProcess old = nodes.get(index);
        if (old.isAlive()) {
            throw new IllegalStateException("node " + (index + 1) + " is still running; stop or kill it first");
        }
        ServerProcess again = launch(index, old.port());
        nodes.set(index, again);
        return again;
    }

    /** CPU nanoseconds each node has used since it started, node 1 first; 0 for a node not running. */
    public long[] cpuNanosPerNode() {
        long[] cpu = new long[nodes.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = nodes.get(i).isAlive() ? nodes.get(i).stats().cpuNanos() : 0;
        }
        return cpu;
    }

    /** CPU nanoseconds of all running nodes together. */
    public long cpuNanos() {
        long total = 0;
        for (long nanos : cpuNanosPerNode()) {
            total += nanos;
        }
        return total;
    }

    /** Heap, CPU and threads of every running node, added up. */
    public ServerProcess.Stats stats() {
        return sum(ServerProcess::stats);
    }

    /** Heap after a full collection (what stays live), CPU and threads of every running node, added up. */
    public ServerProcess.Stats statsAfterGc() {
        return sum(ServerProcess::statsAfterGc);
    }

    private ServerProcess.Stats sum(java.util.function.Function<ServerProcess, ServerProcess.Stats> ask) {
        long heapUsed = 0;
        long heapPeak = 0;
        long cpuNanos = 0;
        int threads = 0;
        for (ServerProcess node : nodes) {
            if (node.isAlive()) {
                ServerProcess.Stats stats = ask.apply(node);
                heapUsed += stats.heapUsed();
                heapPeak += stats.heapPeak();
                cpuNanos += stats.cpuNanos();
                threads += stats.threads();
            }
        }
        return new ServerProcess.Stats(heapUsed, heapPeak, cpuNanos, threads);
    }

    /** Stops every running node, all at once (each has its shutdown grace). */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (ServerProcess node : nodes) {
            Thread thread = new Thread(node::close, "stop " + node.url());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package com.repairsync.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ServerNodes refuses before it starts anything, and how it spreads devices over nodes. */
class ServerNodesTest {
    @TempDir
    Path dir;

    @Test
    void severalNodesOnSqliteAreRefusedNamingTheFlags() {
        assertThatThrownBy(() -> ServerNodes.start(2, dir, List.of(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--nodes 2 needs PostgreSQL (--pg embedded or --db-url)");
    }

    @Test
    void aNodeCountOutOfRangeIsRefused() {
        List<String> postgres = List.of("--db-url", "jdbc:postgresql://localhost/x");
        assertThatThrownBy(() -> ServerNodes.start(0, dir, List.of(), postgres, List.of()))
                .hasMessage("--nodes must be 1 to 16, got 0");
        assertThatThrownBy(() -> ServerNodes.start(17, dir, List.of(), postgres, List.of()))
                .hasMessage("--nodes must be 1 to 16, got 17");
    }

    @Test
    void theFlagsItSetsPerNodeMayNotBeGiven() {
        for (String flag : List.of("--data", "--port", "--node-id", "--jwt-secret")) {
            assertThatThrownBy(() -> ServerNodes.start(1, dir, List.of(), List.of(), List.of(flag, "x")))
                    .hasMessage(flag + " is set by ServerNodes for each node; leave it out");
        }
    }

    @Test
    void devicesGoRoundTheNodesFromTheFirstGiven() {
        assertThat(IntStream.range(0, 6).map(k -> ServerNodes.spread(k, 0, 3))).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(IntStream.range(0, 5).map(k -> ServerNodes.spread(k, 1, 3))).containsExactly(1, 2, 1, 2, 1);
    }

    @Test
    void withNoNodeFromTheFirstGivenTheyGoRoundAll() {
        assertThat(IntStream.range(0, 3).map(k -> ServerNodes.spread(k, 1, 1))).containsExactly(0, 0, 0);
    }
}

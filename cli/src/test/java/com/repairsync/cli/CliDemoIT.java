package com.repairsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code repairsync demo}, the README's first command, runs every step and exits 0 within a minute. */
class CliDemoIT {
    @Test
    void theDemoChecksEveryStepAndExitsZero() {
        long started = System.nanoTime();
        Cli.Run demo = Cli.run("demo", "--json");

        assertThat(demo.exitCode()).as("%s", demo).isZero();
        JsonNode result = demo.json();
        assertThat(result.path("ok").asBoolean()).isTrue();
        assertThat(result.path("steps"))
                .extracting(s -> s.path("step").asText())
                .containsExactly(
                        "Setup",
                        "Realtime",
                        "Offline",
                        "Conflict",
                        "Stock",
                        "Permissions",
                        "Failed queue",
                        "Agreement");
        System.out.printf("demo took %d ms%n", (System.nanoTime() - started) / 1_000_000);
    }
}

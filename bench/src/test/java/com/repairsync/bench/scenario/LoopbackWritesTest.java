package com.repairsync.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The floor under the server's CPU per socket: a real write to each loopback socket, measured. */
class LoopbackWritesTest {
    @Test
    void measuresTheWritersCpuPerWrite() throws Exception {
        double micros = LoopbackWrites.cpuMicrosPerWrite(3, 2, 300);

        assertThat(micros).isPositive().isFinite();
    }

    @Test
    void refusesCountsBelowOne() {
        assertThatThrownBy(() -> LoopbackWrites.cpuMicrosPerWrite(0, 2, 300))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}

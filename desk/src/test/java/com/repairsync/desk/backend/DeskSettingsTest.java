package com.repairsync.desk.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idle time before the desk locks: 5 minutes unless set, 1 to 480, refused when it loads. */
class DeskSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theDeskLocksAfterFiveIdleMinutesUnlessSet() throws Exception {
        Path file = dir.resolve("desk.properties");
        assertThat(DeskSettings.load(file).lockAfter()).isEqualTo(Duration.ofMinutes(5));
        Files.writeString(file, "lockAfterMinutes=15\n");
        assertThat(DeskSettings.load(file).lockAfter()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void aBadLockAfterIsRefusedWhenTheDeskStarts() throws Exception {
        Path file = dir.resolve("desk.properties");
        for (String bad : new String[] {"0", "481", "-1", "never", "5m"}) {
            Files.writeString(file, "lockAfterMinutes=" + bad + "\n");
            assertThatThrownBy(() -> DeskSettings.load(file))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lockAfterMinutes must be a whole number of 1 to 480");
        }
    }
}

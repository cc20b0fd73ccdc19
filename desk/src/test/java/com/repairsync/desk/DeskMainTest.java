package com.repairsync.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The desk's command line. */
class DeskMainTest {

    @Test
    void theDeviceLivesUnderTheHomeFolderByDefault() {
        DeskMain.Options options = DeskMain.Options.parse();
        assertThat(options.device()).isEqualTo(Path.of(System.getProperty("user.home"), ".repairsync", "desk"));
        assertThat(options.server()).isNull();
        assertThat(options.demo()).isFalse();
    }

    @Test
    void demoModePrefillsTheServerAndKeepsItsOwnDevice() {
        DeskMain.Options options = DeskMain.Options.parse("--demo", "http://localhost:8787");
        assertThat(options.server()).isEqualTo("http://localhost:8787");
        assertThat(options.demo()).isTrue();
        assertThat(options.device().getFileName()).hasToString("desk-demo");
    }

    @Test
    void everyOptionIsRead() {
        DeskMain.Options options = DeskMain.Options.parse(
                "--device",
                "/tmp/front-desk",
                "--server",
                "http://shop:8787",
                "--email",
                "o@s.test",
                "--password",
                "pw");
        assertThat(options)
                .isEqualTo(
                        new DeskMain.Options(Path.of("/tmp/front-desk"), "http://shop:8787", false, "o@s.test", "pw"));
    }

    @Test
    void anUnknownOrIncompleteOptionSaysWhatIsWrong() {
        assertThatThrownBy(() -> DeskMain.Options.parse("--bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option --bogus");
        assertThatThrownBy(() -> DeskMain.Options.parse("--device"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--device needs a value");
    }
}

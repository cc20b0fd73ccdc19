package com.repairsync.desk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The desk says in one line why its window could not open, and what to install. */
class StartFailureTest {
    @Test
    void aMissingGtkNamesThePackageToInstall() {
        RuntimeException failure = new RuntimeException(
                "Exception in Application start method",
                new UnsupportedOperationException("Unable to load glass GTK library."));

        assertThat(StartFailure.explain(failure, ":0"))
                .contains("GTK 3")
                .contains("sudo apt-get install libgtk-3-0")
                .doesNotContain("\n");
    }

    @Test
    void noDisplaySaysWhereToStartTheDesk() {
        UnsupportedOperationException noScreen = new UnsupportedOperationException("Unable to open DISPLAY");
        assertThat(StartFailure.explain(noScreen, null))
                .contains("DISPLAY is not set")
                .doesNotContain("\n");
        assertThat(StartFailure.explain(noScreen, ":99")).contains("DISPLAY :99 does not answer");
    }

    @Test
    void anyOtherFailureGivesItsFirstMessage() {
        RuntimeException failure = new RuntimeException(null, new IllegalStateException("no pipeline"));

        assertThat(StartFailure.explain(failure, ":0")).isEqualTo("the window could not open: no pipeline");
    }
}

package com.repairsync.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordTableTest {
    @Test
    void latestHlcIsTheLatestInClockOrder() {
        String json = "{\"name\":\"001732451234566-00009-b\",\"phone\":\"001732451234568-00000-a\","
                + "\"email\":\"001732451234567-00003-z\"}";
        assertThat(RecordTable.latestHlc(json)).isEqualTo("001732451234568-00000-a");
        assertThat(RecordTable.latestHlc("{\"a\":\"001732451234567-00001-a\",\"b\":\"001732451234567-00001-b\"}"))
                .as("same millis and counter: the node breaks the tie, as Hlc.compareTo does")
                .isEqualTo("001732451234567-00001-b");
    }

    @Test
    void aRecordWithoutFieldHlcsHasNone() {
        assertThat(RecordTable.latestHlc("{}")).isNull();
    }

    @Test
    void aCorruptColumnIsReportedNotSkipped() {
        assertThatThrownBy(() -> RecordTable.latestHlc("{\"a\":1}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt field_hlcs");
        assertThatThrownBy(() -> RecordTable.latestHlc("[]")).isInstanceOf(IllegalStateException.class);
    }
}

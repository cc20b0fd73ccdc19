package com.repairsync.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Hlc;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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

    @Test
    void fieldHlcsAreWrittenExactlyAsJacksonWritesTheSortedMap() throws Exception {
        long seed = System.nanoTime();
        System.out.println("RecordTableTest seed " + seed);
        Random random = new Random(seed);
        String alphabet = "abcXYZ_09-\"\\\n\t\u0001\u00e9\u4e2d/\ud83d\ude00";
        ObjectMapper jackson = new ObjectMapper();
        for (int round = 0; round < 2_000; round++) {
            Map<String, Hlc> hlcs = new HashMap<>();
            int fields = random.nextInt(8);
            for (int f = 0; f < fields; f++) {
                boolean odd = random.nextInt(10) == 0;
                String field = odd ? text(random, alphabet, 1 + random.nextInt(6)) : "field" + random.nextInt(20);
                String node = odd ? text(random, alphabet, 1 + random.nextInt(10)) : "device-" + random.nextInt(1000);
                hlcs.put(field, new Hlc(random.nextLong() & 0xFFFFFFFFFFFL, random.nextInt(65_536), node));
            }
            Map<String, String> sorted = new TreeMap<>();
            hlcs.forEach((field, hlc) -> sorted.put(field, hlc.toString()));
            assertThat(RecordTable.hlcsToJson(hlcs))
                    .as("seed %d round %d", seed, round)
                    .isEqualTo(jackson.writeValueAsString(sorted));
        }
    }

    private static String text(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}

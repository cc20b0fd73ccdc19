package com.repairsync.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.Hlc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FieldHlcsColumnTest {
    @Test
    void latestHlcIsTheLatestInClockOrder() {
        String json = "{\"name\":\"001732451234566-00009-b\",\"phone\":\"001732451234568-00000-a\","
                + "\"email\":\"001732451234567-00003-z\"}";
        assertThat(FieldHlcsColumn.latest(json)).isEqualTo("001732451234568-00000-a");
        assertThat(FieldHlcsColumn.latest("{\"a\":\"001732451234567-00001-a\",\"b\":\"001732451234567-00001-b\"}"))
                .as("same millis and counter: the node breaks the tie, as Hlc.compareTo does")
                .isEqualTo("001732451234567-00001-b");
    }

    @Test
    void aRecordWithoutFieldHlcsHasNone() {
        assertThat(FieldHlcsColumn.latest("{}")).isNull();
    }

    @Test
    void aCorruptColumnIsReportedNotSkipped() {
        assertThatThrownBy(() -> FieldHlcsColumn.latest("{\"a\":1}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("corrupt field_hlcs");
        assertThatThrownBy(() -> FieldHlcsColumn.latest("[]")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void latestHlcReadsTheGroupedForm() {
        String json = "{\"001732451234566-00009-b\":[\"name\"],\"001732451234568-00000-a\":[\"email\",\"phone\"]}";
        assertThat(FieldHlcsColumn.latest(json)).isEqualTo("001732451234568-00000-a");
    }

    @Test
    void bothFormsReadToTheSameFieldHlcs() {
        Hlc first = Hlc.parse("001732451234566-00009-b");
        Hlc later = Hlc.parse("001732451234568-00000-a");
        Map<String, Hlc> expected = Map.of("name", first, "phone", later, "email", later);
        String oldForm = "{\"email\":\"001732451234568-00000-a\",\"name\":\"001732451234566-00009-b\","
                + "\"phone\":\"001732451234568-00000-a\"}";
        String postgresJsonb =
                "{\"001732451234566-00009-b\": [\"name\"], \"001732451234568-00000-a\": [\"email\", \"phone\"]}";

        assertThat(FieldHlcsColumn.read(oldForm)).isEqualTo(expected);
        assertThat(FieldHlcsColumn.read(postgresJsonb)).isEqualTo(expected);
        assertThat(FieldHlcsColumn.write(expected))
                .isEqualTo(
                        "{\"001732451234566-00009-b\":[\"name\"],\"001732451234568-00000-a\":[\"email\",\"phone\"]}");
    }

    @Test
    void aCorruptGroupedColumnIsReportedNotSkipped() {
        String hlc = "\"001732451234566-00009-b\"";
        for (String corrupt : new String[] {
            "{" + hlc + ":[1]}",
            "{" + hlc + ":[[\"a\"]]}",
            "{" + hlc + ":{}}",
            "{" + hlc + ":[\"a\"]",
            "{} {}",
            "{\"h\":[\"a\"]}"
        }) {
            assertThatThrownBy(() -> FieldHlcsColumn.read(corrupt))
                    .as(corrupt)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("corrupt field_hlcs");
        }
    }

    @Test
    void fieldHlcsAreWrittenExactlyAsJacksonWritesThemGroupedAndReadBack() throws Exception {
        long seed = Long.getLong("repairsync.seed", System.nanoTime());
        System.out.println("FieldHlcsColumnTest seed " + seed + " (rerun with -Drepairsync.seed=" + seed + ")");
        Random random = new Random(seed);
        String alphabet = "abcXYZ_09-\"\\\n\t\u0001\u00e9\u4e2d/\ud83d\ude00";
        ObjectMapper jackson = new ObjectMapper();
        for (int round = 0; round < 2_000; round++) {
            Map<String, Hlc> hlcs = new HashMap<>();
            int fields = random.nextInt(8);
            Hlc shared = new Hlc(random.nextLong() & 0xFFFFFFFFFFFL, random.nextInt(65_536), "device-1");
            for (int f = 0; f < fields; f++) {
                boolean odd = random.nextInt(10) == 0;
                String field = odd ? text(random, alphabet, 1 + random.nextInt(6)) : "field" + random.nextInt(20);
                String node = odd ? text(random, alphabet, 1 + random.nextInt(10)) : "device-" + random.nextInt(1000);
                boolean fromOneMutation = random.nextBoolean();
                hlcs.put(
                        field,
                        fromOneMutation
                                ? new Hlc(shared.millis(), shared.counter(), shared.node())
                                : new Hlc(random.nextLong() & 0xFFFFFFFFFFFL, random.nextInt(65_536), node));
            }
            Map<String, List<String>> grouped = new TreeMap<>();
            new TreeMap<>(hlcs)
                    .forEach((field, hlc) -> grouped.computeIfAbsent(hlc.toString(), text -> new ArrayList<>())
                            .add(field));
            String json = FieldHlcsColumn.write(hlcs);
            assertThat(json).as("seed %d round %d", seed, round).isEqualTo(jackson.writeValueAsString(grouped));
            assertThat(FieldHlcsColumn.read(json))
                    .as("seed %d round %d", seed, round)
                    .isEqualTo(hlcs);
            assertThat(FieldHlcsColumn.latest(json))
                    .as("seed %d round %d", seed, round)
                    .isEqualTo(hlcs.values().stream()
                            .map(Hlc::toString)
                            .max(String::compareTo)
                            .orElse(null));
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

package com.repairsync.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPageWritesEachRecordsTextAsItIs() throws Exception {
        PullResponse page = new PullResponse(
                List.of(
                        new Change("customers", "c1", 7, false, RecordText.of("{\"id\" : \"c1\", \"n\" : 5}")),
                        new Change("customers", "c2", 8, true, null)),
                8,
                false,
                8,
                "hlc",
                "h1");

        assertThat(JSON.writeValueAsString(page))
                .isEqualTo("{\"changes\":[{\"entity\":\"customers\",\"recordId\":\"c1\",\"seq\":7,\"deleted\":false,"
                        + "\"record\":{\"id\" : \"c1\", \"n\" : 5}},{\"entity\":\"customers\",\"recordId\":\"c2\","
                        + "\"seq\":8,\"deleted\":true,\"record\":null}],\"cursor\":8,\"hasMore\":false,"
                        + "\"latestCursor\":8,\"serverHlc\":\"hlc\",\"epoch\":\"h1\"}");
    }

    @Test
    void aReadRecordIsItsObjectAsCompactTextWithEveryValueKept() throws Exception {
        String record =
                "{ \"id\": \"c1\", \"name\": \"quote \\\" slash \\\\ line \\n bell \\u0007 \u00e9 \ud83d\ude00\","
                        + " \"big\": 9007199254740993, \"neg\": -4, \"yes\": true, \"no\": false, \"none\": null }";
        PullResponse page = JSON.readValue(
                "{\"changes\":[{\"entity\":\"customers\",\"recordId\":\"c1\",\"seq\":1,\"deleted\":false,\"record\":"
                        + record + "},{\"entity\":\"customers\",\"recordId\":\"c2\",\"seq\":2,\"deleted\":true,"
                        + "\"record\":null}],\"cursor\":2,\"hasMore\":false,\"latestCursor\":2,\"serverHlc\":null}",
                PullResponse.class);

        RecordText read = page.changes().get(0).record();
        assertThat(read.json()).doesNotContain(" \"").startsWith("{\"id\":\"c1\",");
        assertThat(read.tree()).isEqualTo(JSON.readTree(record));
        assertThat(read.tree().get("big").longValue()).isEqualTo(9007199254740993L);
        assertThat(page.changes().get(1).record()).isNull();
        assertThat(page.cursor()).isEqualTo(2);
    }

    @Test
    void aRecordThatIsNotAnObjectIsRefused() {
        for (String notAnObject : List.of("\"text\"", "[1,2]", "5", "true")) {
            assertThatThrownBy(() -> JSON.readValue(
                            "{\"entity\":\"customers\",\"recordId\":\"c1\",\"seq\":1,\"deleted\":false,\"record\":"
                                    + notAnObject + "}",
                            Change.class))
                    .as(notAnObject)
                    .isInstanceOf(MismatchedInputException.class);
        }
    }

    @Test
    void recordsAreEqualWhenTheirObjectsAre() {
        RecordText spaced = RecordText.of("{\"id\" : \"c1\", \"n\" : 5}");
        RecordText compact =
                RecordText.of(JSON.createObjectNode().put("id", "c1").put("n", 5));

        assertThat(spaced).isEqualTo(compact).hasSameHashCodeAs(compact);
        assertThat(spaced).isNotEqualTo(RecordText.of("{\"id\":\"c1\",\"n\":6}"));
        assertThat(compact.json()).isEqualTo("{\"id\":\"c1\",\"n\":5}");
    }

    @Test
    void aTreeIsNewEachTimeSoChangingItLeavesTheRecordAlone() {
        RecordText record = RecordText.of("{\"id\":\"c1\"}");
        record.tree().put("id", "changed");

        assertThat(record.tree().get("id").textValue()).isEqualTo("c1");
        assertThatThrownBy(() -> RecordText.of("[1]").tree()).isInstanceOf(IllegalStateException.class);
        assertThat(RecordText.of("[1]")).isEqualTo(RecordText.of("[1]")).isNotEqualTo(record);
    }
}

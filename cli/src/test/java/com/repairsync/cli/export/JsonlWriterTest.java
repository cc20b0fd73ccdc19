package com.repairsync.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.cli.Terminal;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonlWriterTest {
    @Test
    void oneCompactObjectPerLineWithValuesAsTheyAre() throws Exception {
        StringWriter out = new StringWriter();
        JsonlWriter writer = new JsonlWriter(out, Terminal.JSON);
        ObjectNode first = Terminal.object()
                .put("id", "a")
                .put("firstName", "=HYPERLINK(\"http://evil.test\")")
                .put("notes", "two\nlines, \"quoted\" 山田")
                .put("quantity", -3)
                .put("active", true);
        first.putNull("email");
        writer.row(first);
        writer.row(Terminal.object().put("id", "b"));

        String[] lines = out.toString().split("\n", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();
        JsonNode read = Terminal.JSON.readTree(lines[0]);
        assertThat(read).isEqualTo(first); // nothing escaped, nothing dropped (null stays null)
        assertThat(read.path("quantity").isNumber()).isTrue();
        assertThat(lines[0]).startsWith("{\"id\":\"a\",\"firstName\":");
        assertThat(Terminal.JSON.readTree(lines[1]).path("id").asText()).isEqualTo("b");
    }
}

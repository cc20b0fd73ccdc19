package com.repairsync.client.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The typed record classes are what {@link TypedRecordSources} writes from today's declarations:
 * a declaration changed without them fails here. Compared without whitespace, so the formatter
 * may lay them out; {@code -Drepairsync.writeSources=true} writes them again instead.
 */
class TypedRecordSourcesTest {
    private static final Path SOURCES = Path.of("src/main/java/com/repairsync/client/records");

    @Test
    void theTypedClassesAreWrittenFromTheDeclarations() throws IOException {
        Map<String, String> expected = TypedRecordSources.all();
        if (Boolean.getBoolean("repairsync.writeSources")) {
            for (Map.Entry<String, String> file : expected.entrySet()) {
                Files.writeString(SOURCES.resolve(file.getKey() + ".java"), file.getValue(), StandardCharsets.UTF_8);
            }
        }
        for (Map.Entry<String, String> file : expected.entrySet()) {
            Path path = SOURCES.resolve(file.getKey() + ".java");
            assertThat(path)
                    .as("%s is generated: run TypedRecordSourcesTest with -Drepairsync.writeSources=true", path)
                    .exists();
            assertThat(withoutWhitespace(Files.readString(path)))
                    .as(
                            "%s differs from what the declarations give: run TypedRecordSourcesTest with"
                                    + " -Drepairsync.writeSources=true, then spotless:apply",
                            path)
                    .isEqualTo(withoutWhitespace(file.getValue()));
        }
    }

    @Test
    void namesComeFromTheEntityNames() {
        assertThat(TypedRecordSources.all().keySet())
                .contains("Customer", "NewTicketPart", "InventoryItemChanges", "Appointment");
    }

    private static String withoutWhitespace(String text) {
        return text.replaceAll("\\s+", "");
    }
}

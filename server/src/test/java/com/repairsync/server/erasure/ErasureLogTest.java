package com.repairsync.server.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureLogTest {
    @TempDir
    Path folder;

    private static ErasureLog.Entry entry(String entity) {
        return new ErasureLog.Entry(
                UUID.randomUUID().toString(),
                entity,
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                Instant.parse("2026-12-06T10:15:30.123Z"));
    }

    @Test
    void entriesComeBackInOrderFromAFileOnlyItsOwnerReads() throws Exception {
        ErasureLog log = ErasureLog.inDataDirectory(folder.resolve("data"));
        assertThat(log.entries()).as("no log yet").isEmpty();
        List<ErasureLog.Entry> written = List.of(entry("customers"), entry("tickets"), entry("attachments"));

        log.append(written.subList(0, 1));
        log.append(written.subList(1, 3));

        assertThat(log.entries()).containsExactlyElementsOf(written);
        assertThat(Files.getPosixFilePermissions(log.file()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readAllLines(log.file())).hasSize(3).allSatisfy(line -> assertThat(line)
                .startsWith("{\"shop\":")
                .contains("\"erasedAt\":\"2026-12-06T10:15:30.123Z\""));
    }

    @Test
    void aLineTornByACrashIsSkippedAndCutBeforeTheNextAppend() throws Exception {
        ErasureLog log = new ErasureLog(folder.resolve("erasures.log"));
        ErasureLog.Entry first = entry("customers");
        log.append(List.of(first));
        Files.writeString(log.file(), "{\"shop\":\"12", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(log.entries()).containsExactly(first);

        ErasureLog.Entry second = entry("tickets");
        log.append(List.of(second));
        assertThat(log.entries()).containsExactly(first, second);
        assertThat(Files.readAllLines(log.file())).hasSize(2);
    }

    @Test
    void anUnreadableLineStopsTheReadingNamingIt() throws Exception {
        ErasureLog log = new ErasureLog(folder.resolve("erasures.log"));
        log.append(List.of(entry("customers")));
        Files.writeString(log.file(), "{\"shop\":\"not a uuid\"}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        log.append(List.of(entry("customers")));

        assertThatThrownBy(log::entries)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining(log.file().toString());
    }

    @Test
    void aLongLogIsHandedOverInBoundedChunks() {
        ErasureLog log = new ErasureLog(folder.resolve("erasures.log"));
        List<ErasureLog.Entry> written = new ArrayList<>();
        for (int i = 0; i < ErasureLog.CHUNK * 2 + 5; i++) {
            written.add(entry("tickets"));
        }
        log.append(written);
        List<Integer> sizes = new ArrayList<>();

        log.forEachChunk(chunk -> sizes.add(chunk.size()));

        assertThat(sizes).containsExactly(ErasureLog.CHUNK, ErasureLog.CHUNK, 5);
    }
}

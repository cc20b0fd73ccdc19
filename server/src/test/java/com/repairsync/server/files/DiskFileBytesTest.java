package com.repairsync.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.repairsync.protocol.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunks on the disk: whole or absent, rewritten harmlessly, leftovers of a crash removed at start. */
class DiskFileBytesTest {
    @TempDir
    Path data;

    private final String shop = UUID.randomUUID().toString();
    private final String hash = Sha256.of(new byte[] {1, 2, 3});

    @Test
    void chunksAreWrittenReadListedAndDeleted() {
        DiskFileBytes bytes = DiskFileBytes.open(data);
        bytes.writeChunk(shop, hash, 1, new byte[] {4, 5});
        bytes.writeChunk(shop, hash, 0, new byte[] {1, 2, 3});
        bytes.writeChunk(shop, hash, 0, new byte[] {1, 2, 3});

        assertThat(bytes.chunkIndexes(shop, hash)).containsExactly(0, 1);
        assertThat(bytes.readChunk(shop, hash, 1))
                .hasValueSatisfying(chunk -> assertThat(chunk).containsExactly(4, 5));
        assertThat(bytes.readChunk(shop, hash, 2)).isEmpty();
        assertThat(bytes.shops()).containsExactly(shop);
        assertThat(data.resolve("files")
                        .resolve(shop)
                        .resolve(hash.substring(0, 2))
                        .resolve(hash)
                        .resolve("0"))
                .exists();

        bytes.delete(shop, hash);
        assertThat(bytes.chunkIndexes(shop, hash)).isEmpty();
    }

    @Test
    void temporaryFilesACrashLeftAreRemovedAtStart() throws Exception {
        Path folder = data.resolve("files")
                .resolve(shop)
                .resolve(hash.substring(0, 2))
                .resolve(hash);
        Files.createDirectories(folder);
        Path stray = Files.writeString(folder.resolve("0.123.tmp"), "half a chunk");

        DiskFileBytes bytes = DiskFileBytes.open(data);

        assertThat(stray).doesNotExist();
        assertThat(bytes.chunkIndexes(shop, hash)).isEmpty();
    }

    @Test
    void namesThatAreNotAShopAndAHashNeverReachTheDisk() {
        DiskFileBytes bytes = DiskFileBytes.open(data);
        assertThatThrownBy(() -> bytes.writeChunk("../../etc", hash, 0, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bytes.readChunk(shop, "../" + hash.substring(3), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package com.repairsync.server.erasure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.JsonMappers;
import com.repairsync.protocol.WireInstant;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.protocol.schema.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The erasure log: every record an erasure touched, one JSON line each ({@code shop}, {@code
 * entity}, {@code recordId}, {@code erasedBy}, {@code erasedAt}; never a value), in a file outside
 * the database, so that a restore of an older database can be erased again ({@link ErasureReplay}).
 *
 * <p>Append-only and forced to the disk before the erasure commits: a crash can lose the erasure's
 * transaction but never its line (the line is then applied at the next start, as the admin asked).
 * A line torn by a crash while it was written belongs to a transaction that never committed; it is
 * cut off before the next append and skipped when read.
 */
public final class ErasureLog {
    /** The log's name in the SQLite data directory, beside the database. */
    public static final String FILE_NAME = "erasures.log";

    /** Entries read and applied at once by {@link #forEachChunk}. */
    static final int CHUNK = 1000;

    private static final ObjectMapper JSON = JsonMappers.wire();

    private final Path file;

    /**
     * One erased record.
     *
     * @param erasedBy the admin who erased it
     */
    public record Entry(String shopId, String entity, String recordId, String erasedBy, Instant erasedAt) {}

    public ErasureLog(Path file) {
        this.file = file;
    }

    /** The log of a SQLite data directory: {@value #FILE_NAME} in it. */
    public static ErasureLog inDataDirectory(Path dataDir) {
        return new ErasureLog(dataDir.resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    /**
     * Appends entries and forces them to the disk (and a new file's name to its folder).
     *
     * @throws UncheckedIOException if they could not be written: the erasure must then not commit
     */
    public synchronized void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        for (Entry entry : entries) {
            lines.append(line(entry)).append('\n');
        }
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            boolean created = !Files.exists(file);
            if (created) {
                create();
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                cutTornTail(channel);
                channel.position(channel.size());
                ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (created) {
                syncFolder(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the erasure log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the file readable and writable by its owner only, where the file system has permissions. */
    private void create() throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    /** Cuts a last line that has no newline: the append that wrote it never finished. */
    private static void cutTornTail(FileChannel channel) throws IOException {
        long size = channel.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            channel.truncate(end);
            channel.force(true);
        }
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a folder to force it; the file itself was forced.
            if (!System.getProperty("os.name", "")
                    .toLowerCase(java.util.Locale.ROOT)
                    .contains("win")) {
                throw new UncheckedIOException("cannot sync the folder of the erasure log " + folder, e);
            }
        }
    }

    /**
     * Reads the log in order, handing over at most {@value #CHUNK} entries at a time; a missing log
     * has none. A torn last line is skipped.
     *
     * @throws IllegalStateException naming the line if any other line is not an entry: an unreadable
     *     log cannot be applied, and the server must not start as if it had been
     */
    public void forEachChunk(Consumer<List<Entry>> chunk) {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            boolean endsWithNewline = endsWithNewline();
            String line = reader.readLine();
            int number = 0;
            while (line != null) {
                number++;
                String next = reader.readLine();
                boolean last = next == null;
                if (!(last && !endsWithNewline) && !line.isBlank()) {
                    entries.add(parse(line, number));
                    if (entries.size() == CHUNK) {
                        chunk.accept(List.copyOf(entries));
                        entries.clear();
                    }
                }
                line = next;
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the erasure log " + file + ": " + e.getMessage(), e);
        }
        if (!entries.isEmpty()) {
            chunk.accept(List.copyOf(entries));
        }
    }

    /** Every entry of the log (tests, and small logs). */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        forEachChunk(all::addAll);
        return all;
    }

    private boolean endsWithNewline() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() == 0) {
                return true;
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, channel.size() - 1);
            return one.get(0) == '\n';
        }
    }

    private static String line(Entry entry) {
        ObjectNode node = JSON.createObjectNode()
                .put("shop", entry.shopId())
                .put("entity", entry.entity())
                .put("recordId", entry.recordId())
                .put("erasedBy", entry.erasedBy())
                .put("erasedAt", WireInstant.format(entry.erasedAt()));
        return node.toString();
    }

    private Entry parse(String line, int number) {
        try {
            JsonNode node = JSON.readTree(line);
            String shop = uuid(node, "shop");
            String entity = node.path("entity").asText("");
            if (Schema.entity(entity).isEmpty()) {
                throw new IllegalArgumentException("entity " + entity + " is no entity");
            }
            return new Entry(
                    shop,
                    entity,
                    uuid(node, "recordId"),
                    uuid(node, "erasedBy"),
                    WireInstant.parse(node.path("erasedAt").asText()));
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalStateException(
                    "the erasure log " + file + " has an unreadable line " + number + " (" + e.getMessage()
                            + "); repair or remove that line, then start again",
                    e);
        }
    }

    private static String uuid(JsonNode node, String member) {
        return FieldSpec.canonicalUuid(node.path(member).asText(null))
                .orElseThrow(() -> new IllegalArgumentException(member + " is not a UUID"));
    }
}

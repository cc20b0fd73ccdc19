package com.repairsync.server.files;

import com.repairsync.protocol.Sha256;
import com.repairsync.server.store.StoreTx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Files' bytes on the disk, under {@code <data>/files/<shop>/<hash[0..2]>/<hash>/<chunk index>}
 * (the first two hex digits spread the shop's files over 256 folders). A chunk is written to a
 * temporary file, forced to the disk and moved into place atomically, so a crash (even SIGKILL)
 * leaves the whole chunk or none; temporary files a crash left are removed when the server starts.
 */
public final class DiskFileBytes implements FileBytes {
    /** The folder of the data directory that holds the files; backups copy it beside the database. */
    public static final String FOLDER = "files";

    private static final String TEMP_SUFFIX = ".tmp";
    private static final Pattern SHOP = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern INDEX = Pattern.compile("[0-9]{1,9}");

    private final Path root;

    private DiskFileBytes(Path root) {
        this.root = root;
    }

    /** Opens the files folder of a data directory, creating it, and removes temporary files a crash left. */
    public static DiskFileBytes open(Path dataDir) {
        Path root = dataDir.resolve(FOLDER);
        try {
            Files.createDirectories(root);
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path stray : paths.filter(
                                path -> path.getFileName().toString().endsWith(TEMP_SUFFIX))
                        .toList()) {
                    Files.deleteIfExists(stray);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the files folder " + root + ": " + e.getMessage(), e);
        }
        return new DiskFileBytes(root);
    }

    @Override
    public void writeChunk(String shopId, String hash, int index, byte[] bytes) {
        Path folder = folder(shopId, hash);
        Path target = folder.resolve(Integer.toString(index));
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, index + ".", TEMP_SUFFIX);
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true); // on the disk before it has its name
                }
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp); // left only when the move failed
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot store chunk " + index + " of file " + hash + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the files folder's file system cannot rename atomically", e);
        }
    }

    @Override
    public Optional<byte[]> readChunk(String shopId, String hash, int index) {
        try {
            return Optional.of(Files.readAllBytes(folder(shopId, hash).resolve(Integer.toString(index))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read chunk " + index + " of file " + hash + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Integer> chunkIndexes(String shopId, String hash) {
        Path folder = folder(shopId, hash);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Integer> indexes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (INDEX.matcher(name).matches()) {
                    indexes.add(Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the chunks of file " + hash + ": " + e.getMessage(), e);
        }
        indexes.sort(Comparator.naturalOrder());
        return indexes;
    }

    @Override
    public void delete(String shopId, String hash) {
        Path folder = folder(shopId, hash);
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete file " + hash + ": " + e.getMessage(), e);
        }
    }

    /** The disk is no part of the transaction: the chunks go at once. */
    @Override
    public void deleteWithin(StoreTx tx, String shopId, String hash) {
        delete(shopId, hash);
    }

    @Override
    public List<String> shops() {
        List<String> shops = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (SHOP.matcher(name).matches() && Files.isDirectory(entry)) {
                    shops.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files folder " + root + ": " + e.getMessage(), e);
        }
        return shops;
    }

    /** The folder of one file; refuses names that are not a shop id and a hash, so no path leaves the root. */
    private Path folder(String shopId, String hash) {
        if (!SHOP.matcher(shopId).matches() || !Sha256.isHex(hash)) {
            throw new IllegalArgumentException("not a shop id and file hash: " + shopId + ", " + hash);
        }
        return root.resolve(shopId).resolve(hash.substring(0, 2)).resolve(hash);
    }
}

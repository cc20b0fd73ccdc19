package com.repairsync.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The attachments scenario's photos: random bytes behind a JPEG signature ({@code FF D8 FF E0}), so
 * the SDK and the server take them for JPEGs and nothing on the way can compress them. Written to
 * files once, before anything is timed; each seed gives other bytes (the file lane stores a file's
 * bytes once per shop, so a second batch must differ from the first).
 */
final class PhotoFiles {
    private PhotoFiles() {}

    /** Writes {@code count} photos of {@code size} bytes into {@code folder} (replacing any there). */
    static List<Path> write(Path folder, int count, int size, long seed) {
        List<Path> photos = new ArrayList<>();
        byte[] bytes = new byte[size];
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < count; i++) {
                Path photo = folder.resolve("photo-" + i + ".jpg");
                fill(bytes, seed * 1_000_003L + i);
                Files.write(photo, bytes);
                photos.add(photo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the photos into " + folder, e);
        }
        return photos;
    }

    /** Random bytes behind a JPEG signature. */
    static void fill(byte[] bytes, long seed) {
        new SplittableRandom(seed).nextBytes(bytes);
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xd8;
        bytes[2] = (byte) 0xff;
        bytes[3] = (byte) 0xe0;
    }
}

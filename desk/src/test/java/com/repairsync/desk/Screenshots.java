package com.repairsync.desk;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Writes PNG snapshots of the desk's window (works headless with Monocle) to desk/target/screenshots. */
final class Screenshots {
    private static final Path DIR = Path.of(System.getProperty("desk.screenshots", "target/screenshots"));

    private Screenshots() {}

    static void take(Scene scene, String name) {
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage image;
        try {
            image = WaitForAsyncUtils.asyncFx(() -> scene.getRoot().snapshot(null, null))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("snapshot " + name + " failed", e);
        }
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        try {
            Files.createDirectories(DIR);
            ImageIO.write(png, "png", DIR.resolve(name + ".png").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

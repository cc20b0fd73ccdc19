package com.repairsync.client.internal;

import com.repairsync.protocol.FileTypes;
import com.repairsync.protocol.FileUpload;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Small JPEG pictures of photos for the gallery, at most {@link FileUpload#THUMBNAIL_LIMIT} bytes,
 * made on the device that takes the photo and sent in the file lane ahead of the original, so every
 * device shows the gallery before any full download. The photo is decoded subsampled, so a 12
 * megapixel picture never sits in memory whole. Pictures the JDK cannot decode (HEIC, WebP) get no
 * thumbnail; the gallery shows their kind instead.
 */
final class Thumbnails {
    /** The longest side of a thumbnail, in pixels. */
    static final int SIDE = 320;

    private Thumbnails() {}

    /** A thumbnail of the picture, or empty if this JDK cannot decode it. */
    static Optional<byte[]> of(String contentType, InputStream picture) {
        if (!FileTypes.JPEG.equals(contentType) && !FileTypes.PNG.equals(contentType)) {
            return Optional.empty();
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(picture)) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int longest = Math.max(reader.getWidth(0), reader.getHeight(0));
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, longest / (SIDE * 2));
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                return Optional.of(encode(scaled(decoded)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a picture the JDK cannot read: the attachment keeps no thumbnail
        }
    }

    private static BufferedImage scaled(BufferedImage source) {
        double factor = Math.min(1.0, (double) SIDE / Math.max(source.getWidth(), source.getHeight()));
        int width = Math.max(1, (int) Math.round(source.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(source.getHeight() * factor));
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = target.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setColor(java.awt.Color.WHITE); // a transparent PNG gets a white ground, as JPEG has no alpha
            graphics.fillRect(0, 0, width, height);
            graphics.drawImage(source, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return target;
    }

    /** JPEG at falling quality until it fits the limit. */
    private static byte[] encode(BufferedImage image) throws IOException {
        for (float quality = 0.8f; ; quality -= 0.15f) {
            byte[] bytes = jpeg(image, Math.max(quality, 0.2f));
            if (bytes.length <= FileUpload.THUMBNAIL_LIMIT || quality <= 0.2f) {
                if (bytes.length > FileUpload.THUMBNAIL_LIMIT) {
                    throw new IOException(
                            "a " + SIDE + " px thumbnail does not fit " + FileUpload.THUMBNAIL_LIMIT + " bytes");
                }
                return bytes;
            }
        }
    }

    private static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}

package com.repairsync.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * gzip for a pull stream: level 1 like every other response (sync JSON still shrinks several
 * times, at a fraction of level 6's CPU), and {@link #flush()} pushes out everything written so far,
 * so a device can read each page as soon as it is sent.
 */
final class PageGzipStream extends GZIPOutputStream {
    PageGzipStream(OutputStream out) throws IOException {
        super(out, 64 * 1024, true);
        def.setLevel(Deflater.BEST_SPEED);
    }
}

package com.repairsync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.FileUpload;
import com.repairsync.server.ApiException;
import com.repairsync.server.auth.Principal;
import com.repairsync.server.files.FileLane;
import com.repairsync.server.files.StoredFile;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handlers of the file lane ({@code /v1/files}): begin or resume an upload, put one chunk, download
 * a file (from a byte offset, so a cut download resumes). Only a device of the shop calls them; a
 * file another shop holds is answered as one that does not exist.
 */
final class FileHandlers {
    private static final Logger log = LoggerFactory.getLogger(FileHandlers.class);
    /** A begin's body is {@code {"size": N}}. */
    private static final int MAX_BEGIN_BODY = 1024;
    /** A chunk's index is at most this (a 1 GiB file of 1 MiB chunks has 1,024). */
    private static final long MAX_INDEX = 1_000_000;
    /** A file's name is its SHA-256, so its bytes never change: a client may keep them for good. */
    private static final String CACHE_FOREVER = "private, max-age=31536000, immutable";

    private static final Pattern OPEN_RANGE = Pattern.compile("bytes=(\\d{1,18})-");

    private final FileLane files;
    private final Callers callers;
    private final ObjectMapper json;

    FileHandlers(FileLane files, Callers callers, ObjectMapper json) {
        this.files = files;
        this.callers = callers;
        this.json = json;
    }

    /** {@code POST /v1/files/{hash}} with {@code {"size": N}}: the upload's status. */
    void begin(Context ctx) {
        Principal principal = device(ctx);
        // Any whole number is read: the file lane answers a size past --max-attachment as file_too_large.
        Long size = JsonBody.read(ctx, json, MAX_BEGIN_BODY).optionalCount("size", Long.MAX_VALUE);
        if (size == null) {
            throw ApiException.invalid("size", "size is required: the file's length in bytes");
        }
        ctx.json(files.begin(principal.shopId(), principal.deviceId(), ctx.pathParam("hash"), size));
    }

    /**
     * {@code PUT /v1/files/{hash}/chunks/{index}}: one chunk's raw bytes, with their SHA-256 in a
     * header. At most the chunk's length plus one byte is read, whatever {@code --max-body} is.
     */
    void putChunk(Context ctx) throws IOException {
        Principal principal = device(ctx);
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            throw new ApiException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    null,
                    "a chunk's body must be application/octet-stream, got " + contentType);
        }
        int index = (int) number(ctx.pathParam("index"));
        String claimed = ctx.header(FileUpload.CHUNK_HASH_HEADER);
        if (claimed == null || claimed.isBlank()) {
            throw ApiException.invalid(
                    FileUpload.CHUNK_HASH_HEADER,
                    FileUpload.CHUNK_HASH_HEADER + " is required: the SHA-256 of the chunk's bytes, hex");
        }
        try (InputStream body = ctx.req().getInputStream()) {
            ctx.json(files.putChunk(
                    principal.shopId(),
                    ctx.pathParam("hash"),
                    index,
                    body,
                    ctx.req().getContentLengthLong(),
                    claimed));
        }
    }

    /**
     * {@code GET /v1/files/{hash}}: the file's bytes, or from byte N on with {@code Range: bytes=N-}
     * (206). Any other range is answered with the whole file, as HTTP allows.
     */
    void download(Context ctx) throws IOException {
        Principal principal = device(ctx);
        StoredFile file = files.open(principal.shopId(), ctx.pathParam("hash"))
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "hash", "this shop holds no such file"));
        long from = rangeStart(ctx, file.size());
        ctx.status(from > 0 ? 206 : 200);
        ctx.header("Content-Type", file.contentType());
        ctx.header("Content-Length", Long.toString(file.size() - from));
        ctx.header("ETag", "\"" + file.hash() + "\"");
        ctx.header("Cache-Control", CACHE_FOREVER);
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (from > 0) {
            ctx.header("Content-Range", "bytes " + from + "-" + (file.size() - 1) + "/" + file.size());
        }
        // The raw stream: Javalin's compression stays out (the types are compressed already) and
        // the length stays what the header says.
        OutputStream out = ctx.res().getOutputStream();
        try {
            files.copy(file, from, out);
            out.flush();
        } catch (IOException gone) {
            // The device went away mid-download; it resumes with a Range from what it has.
            log.debug("download of {} cut short: {}", file.hash(), gone.toString());
        }
    }

    /** Where a {@code Range: bytes=N-} starts; 0 without one (or for a range of another form). */
    private static long rangeStart(Context ctx, long size) {
        String range = ctx.header("Range");
        if (range == null) {
            return 0;
        }
        Matcher open = OPEN_RANGE.matcher(range.strip());
        if (!open.matches()) {
            return 0;
        }
        long from = Long.parseLong(open.group(1));
        if (from >= size) {
            ctx.header("Content-Range", "bytes */" + size);
            throw new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    416,
                    "Range",
                    "Range starts at byte " + from + " of a file of " + size + " bytes",
                    null);
        }
        return from;
    }

    /** The file lane is the devices': a console session has none of its own files to send. */
    private Principal device(Context ctx) {
        Principal principal = callers.principal(ctx);
        if (principal.isConsole()) {
            throw ApiException.forbidden("the file lane is for the shop's devices");
        }
        return principal;
    }

    private static long number(String raw) {
        try {
            long value = Long.parseLong(raw);
            if (value >= 0 && value <= MAX_INDEX) {
                return value;
            }
        } catch (NumberFormatException notOne) {
            // answered below
        }
        throw ApiException.invalid("index", "index in the path must be a whole number from 0, got '" + raw + "'");
    }
}

package com.repairsync.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.protocol.ErrorCode;
import com.repairsync.protocol.schema.FieldSpec;
import com.repairsync.server.ApiException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads a JSON request body within a size limit and its members with errors that name them. */
final class JsonBody {
    private final ObjectNode body;

    private JsonBody(ObjectNode body) {
        this.body = body;
    }

    /**
     * Reads the body as a JSON object.
     *
     * @throws ApiException 413 if larger than maxBytes, 415 for a non-JSON content type, 400 for
     *     malformed JSON (naming line and column) or a body that is not an object
     */
    static JsonBody read(Context ctx, ObjectMapper json, long maxBytes) {
        String contentType = ctx.contentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    null,
                    "request body must be application/json, got " + contentType);
        }
        long declared = ctx.contentLength();
        if (declared > maxBytes) {
            throw tooLarge(declared, maxBytes); // UnreadBody reads the rest before the 413 goes out
        }
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new ApiException(
                    ErrorCode.MALFORMED_REQUEST, null, "request body could not be read: " + e.getMessage());
        }
        if (bytes.length > maxBytes) {
            throw tooLarge(bytes.length, maxBytes);
        }
        if (bytes.length == 0) {
            throw new ApiException(
                    ErrorCode.MALFORMED_REQUEST, null, "request body is empty; a JSON object is expected");
        }
        JsonNode tree;
        try {
            tree = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, null, "request body is not valid JSON" + where);
        } catch (IOException e) {
            throw new ApiException(
                    ErrorCode.MALFORMED_REQUEST, null, "request body could not be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ApiException(ErrorCode.MALFORMED_REQUEST, null, "request body must be a JSON object");
        }
        return new JsonBody((ObjectNode) tree);
    }

    private static ApiException tooLarge(long size, long maxBytes) {
        return new ApiException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                null,
                "request body of " + size + " bytes exceeds the limit of " + maxBytes);
    }

    ObjectNode node() {
        return body;
    }

    /** A required string member of 1..maxLength characters (after trimming). */
    String text(String field, int maxLength) {
        String value = optionalText(field, maxLength);
        if (value == null || value.isEmpty()) {
            throw ApiException.invalid(field, field + " is required");
        }
        return value;
    }

    /** An optional string member; null when absent or null. */
    String optionalText(String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalid(field, field + " must be a string");
        }
        String text = value.textValue().trim();
        if (text.indexOf('\0') >= 0) {
            throw ApiException.invalid(field, field + " may not contain the NUL character (U+0000)");
        }
        refuseUnpairedSurrogate(field, text);
        if (text.length() > maxLength) {
            throw ApiException.invalid(
                    field, field + " is " + text.length() + " characters long; the limit is " + maxLength);
        }
        return text;
    }

    /** A required whole number from 0 to {@code max}. */
    int count(String field, int max) {
        Long value = optionalCount(field, max);
        if (value == null) {
            throw ApiException.invalid(field, field + " is required");
        }
        return value.intValue();
    }

    /** An optional whole number from 0 to {@code max}; null when absent or null. */
    Long optionalCount(String field, long max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong()
                || !value.isIntegralNumber()
                || value.longValue() < 0
                || value.longValue() > max) {
            throw ApiException.invalid(field, field + " must be a whole number from 0 to " + max);
        }
        return value.longValue();
    }

    /** A required instant in the wire's form ({@code 2026-11-24T15:30:00.000Z}). */
    String instant(String field) {
        String text = text(field, 40);
        try {
            return com.repairsync.protocol.WireInstant.format(com.repairsync.protocol.WireInstant.parse(text));
        } catch (RuntimeException notOne) {
            throw ApiException.invalid(field, field + " must be an ISO-8601 instant such as 2026-11-24T15:30:00.000Z");
        }
    }

    /** An optional boolean member; {@code fallback} when absent or null. */
    boolean optionalBoolean(String field, boolean fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw ApiException.invalid(field, field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** Whether the request has a body to read (a declared length above 0, or a JSON body of unknown length). */
    static boolean present(Context ctx) {
        long declared = ctx.contentLength();
        return declared > 0 || (declared < 0 && ctx.contentType() != null);
    }

    /** A required e-mail address, lower-cased. */
    String email(String field) {
        String text = text(field, 254);
        if (!FieldSpec.isEmail(text)) {
            throw ApiException.invalid(field, field + " must be an e-mail address");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** A password of 8 to 128 characters, not trimmed. */
    String password(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw ApiException.invalid(field, field + " is required");
        }
        if (!value.isTextual()) {
            throw ApiException.invalid(field, field + " must be a string");
        }
        String password = value.textValue();
        if (password.length() < 8 || password.length() > 128) {
            throw ApiException.invalid(field, field + " must be 8 to 128 characters long");
        }
        refuseUnpairedSurrogate(field, password);
        return password;
    }

    /** A password being checked, not set: any non-empty string up to 1024 characters, not trimmed. */
    String secret(String field) {
        JsonNode value = body.get(field);
        if (value == null
                || value.isNull()
                || !value.isTextual()
                || value.textValue().isEmpty()) {
            throw ApiException.invalid(field, field + " is required and must be a string");
        }
        if (value.textValue().length() > 1024) {
            throw ApiException.invalid(field, field + " is longer than 1024 characters");
        }
        refuseUnpairedSurrogate(field, value.textValue());
        return value.textValue();
    }

    /**
     * Refuses text with a UTF-16 surrogate that is not half of a pair (JSON can escape one, UTF-8
     * cannot encode it): it would be hashed or stored as {@code ?}, so a password set with one would
     * match any other unpaired surrogate.
     */
    static void refuseUnpairedSurrogate(String field, String text) {
        int at = FieldSpec.unpairedSurrogate(text);
        if (at >= 0) {
            throw ApiException.invalid(
                    field, field + " has an unpaired UTF-16 surrogate (not a character) at index " + at);
        }
    }

    /** An optional UUID member, canonical. */
    String optionalUuid(String field) {
        String text = optionalText(field, 36);
        if (text == null || text.isEmpty()) {
            return null;
        }
        return FieldSpec.canonicalUuid(text).orElseThrow(() -> ApiException.invalid(field, field + " must be a UUID"));
    }
}

package com.repairsync.client.transport;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** An answer of the server with its body already decompressed. */
record HttpReply(URI uri, int status, HttpHeaders headers, byte[] body) {
    private static final int MAX_BODY_IN_MESSAGE = 200;

    /** The start of the body, for an error message. */
    String bodySnippet() {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }

    /** Whether the server compressed the body ({@code Content-Encoding: gzip}). */
    static boolean gzipped(HttpHeaders headers) {
        return headers.firstValue("Content-Encoding")
                .map(encoding -> encoding.strip().equalsIgnoreCase("gzip"))
                .orElse(false);
    }
}

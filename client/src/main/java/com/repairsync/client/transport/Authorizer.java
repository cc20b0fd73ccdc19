package com.repairsync.client.transport;

import java.util.function.Function;

/**
 * Sends a request with the access token of a {@link TokenSource}, and once more with a refreshed
 * one when the server refuses it (401): the one place a transport refreshes tokens.
 */
final class Authorizer {
    private final TokenSource tokens;

    Authorizer(TokenSource tokens) {
        this.tokens = java.util.Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * The answer of {@code request} with the current token, or with a refreshed one if the server
     * refused the current one.
     *
     * @throws UnauthorizedException if the refreshed token is refused too, or none can be had
     */
    <T> T call(Function<String, T> request) {
        String token = tokens.accessToken();
        try {
            return request.apply(token);
        } catch (UnauthorizedException refused) {
            return request.apply(tokens.refreshed(token, refused));
        }
    }

    /** Like {@link #call} for a request without an answer. */
    void run(java.util.function.Consumer<String> request) {
        call(token -> {
            request.accept(token);
            return null;
        });
    }
}

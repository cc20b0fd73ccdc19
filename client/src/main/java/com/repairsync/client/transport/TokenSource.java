package com.repairsync.client.transport;

/**
 * Where a transport gets the access token it sends with a request, and a new one when the server
 * refuses it. A transport asks {@link #accessToken()} for every authorized request; when the
 * server answers 401 it asks {@link #refreshed} once and sends the request once more with the
 * answer. A device's token source keeps the tokens in its database and rotates them through the
 * transport; a tool that signs in for one run keeps them in memory ({@link SessionTokens}).
 *
 * <p>Implementations are called from several threads (the sync worker, the push that runs ahead,
 * the app) and must be thread-safe.
 */
public interface TokenSource {

    /**
     * The access token to send now.
     *
     * @throws UnauthorizedException if there is none: never signed in, or the sign-in ended
     */
    String accessToken();

    /**
     * The token to send once more after the server refused {@code refused} with {@code refusal}:
     * a new one if {@code refused} is still the current token (refreshed once, however many
     * requests were refused with it), or the current one if another request already refreshed it.
     *
     * @throws UnauthorizedException {@code refusal} itself when this source cannot refresh, or the
     *     refresh's own refusal when the sign-in ended
     */
    String refreshed(String refused, UnauthorizedException refusal);

    /** A source for a transport that only signs in and checks health: every authorized call is refused. */
    static TokenSource none() {
        return new TokenSource() {
            @Override
            public String accessToken() {
                throw new UnauthorizedException("no access token: sign in first");
            }

            @Override
            public String refreshed(String refused, UnauthorizedException refusal) {
                throw refusal;
            }
        };
    }

    /** A source that always sends {@code accessToken} and cannot refresh it: a 401 stands. */
    static TokenSource of(String accessToken) {
        return new TokenSource() {
            @Override
            public String accessToken() {
                return accessToken;
            }

            @Override
            public String refreshed(String refused, UnauthorizedException refusal) {
                throw refusal;
            }
        };
    }
}

package com.repairsync.client.transport;

import java.util.Objects;

/**
 * The tokens of one sign-in, kept in memory and rotated through the transport that signed in: for
 * a tool that acts as a device for one run (the seeder, a benchmark) without a device database.
 * Create it, give it to the transport, then {@link #signIn} through that transport.
 */
public final class SessionTokens implements TokenSource {
    private SyncTransport transport;
    private SyncTransport.Session session;

    /** Tokens not signed in yet. */
    public SessionTokens() {}

    /**
     * Signs in through {@code transport} and keeps the session; a refused access token is later
     * refreshed through the same transport.
     *
     * @return the session signed in
     * @throws UnauthorizedException for a wrong e-mail or password
     */
    public SyncTransport.Session signIn(
            SyncTransport transport, String email, String password, String deviceName, String deviceId) {
        SyncTransport.Session signedIn = transport.login(email, password, deviceName, deviceId);
        synchronized (this) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.session = signedIn;
        }
        return signedIn;
    }

    /** The session now, with the tokens last rotated. */
    public synchronized SyncTransport.Session session() {
        if (session == null) {
            throw new UnauthorizedException("not signed in: call signIn first");
        }
        return session;
    }

    @Override
    public String accessToken() {
        return session().accessToken();
    }

    @Override
    public synchronized String refreshed(String refused, UnauthorizedException refusal) {
        if (!session().accessToken().equals(refused)) {
            return session.accessToken(); // another request refreshed it meanwhile
        }
        session = transport.refresh(session.refreshToken());
        return session.accessToken();
    }
}

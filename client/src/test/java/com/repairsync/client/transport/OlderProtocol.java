package com.repairsync.client.transport;

/**
 * An HTTP transport that names an older wire version on every request, as a device of an earlier
 * release does: for tests that the server still serves it and that nothing it sends or holds is
 * lost next to devices of this version. (The SDK has no public way to speak an older version.)
 */
public final class OlderProtocol {
    private OlderProtocol() {}

    public static SyncTransport speaking(int version, String serverUrl, TokenSource tokens) {
        HttpSyncTransport transport = new HttpSyncTransport(serverUrl, tokens);
        try {
            java.lang.reflect.Field exchange = HttpSyncTransport.class.getDeclaredField("exchange");
            exchange.setAccessible(true);
            ((HttpExchange) exchange.get(transport)).speak(version);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("HttpSyncTransport keeps its exchange elsewhere now", e);
        }
        return transport;
    }
}

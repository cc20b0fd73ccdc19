package com.repairsync.cli.device;

import com.repairsync.client.RepairSyncDevice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks the device's server whether it is up ({@code GET /v1/health}), waiting at most a few seconds. */
final class Reachability {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private Reachability() {}

    static boolean check(RepairSyncDevice device) {
        String server = device.identity().serverUrl();
        if (server == null) {
            return false;
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(URI.create(server + "/v1/health"))
                            .timeout(TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package com.repairsync.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * The server's {@code repairsync_realtime_fanout_seconds} meter, from every node's {@code
 * /metrics}: how many commits were handed to their shop's sockets, and how long that took in all
 * (with several nodes each commit is counted once per node that has sockets of the shop).
 */
record FanoutMeter(double count, double seconds) {
    static FanoutMeter read(HttpClient http, List<String> nodeUrls) throws IOException, InterruptedException {
        double count = 0;
        double seconds = 0;
        for (String nodeUrl : nodeUrls) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(nodeUrl + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + nodeUrl + "/metrics answered " + response.statusCode());
            }
            for (String line : response.body().split("\n")) {
                if (line.startsWith("repairsync_realtime_fanout_seconds_count")) {
                    count += value(line);
                } else if (line.startsWith("repairsync_realtime_fanout_seconds_sum")) {
                    seconds += value(line);
                }
            }
        }
        return new FanoutMeter(count, seconds);
    }

    FanoutMeter minus(FanoutMeter earlier) {
        return new FanoutMeter(count - earlier.count, seconds - earlier.seconds);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}

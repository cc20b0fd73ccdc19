package com.repairsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.repairsync.client.transport.ServerTrust;
import com.repairsync.client.transport.UntrustedCertificateException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code POST /v1/shops}, with the server's refusal turned into a message naming the flag. */
public final class Shops {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Shops() {}

    /**
     * Creates a shop and its admin.
     *
     * @param trust which certificate an https:// server may present
     * @return the server's answer ({@code shopId}, {@code employeeId})
     * @throws CliException refused (naming the flag) or offline
     * @throws UntrustedCertificateException if the server's certificate is not the trusted one
     */
    public static JsonNode create(
            String url,
            ServerTrust trust,
            String name,
            String email,
            String password,
            String firstName,
            String lastName) {
        ObjectNode body = Terminal.object()
                .put("shopName", name)
                .put("email", email)
                .put("password", password)
                .put("firstName", firstName);
        if (lastName != null) {
            body.put("lastName", lastName);
        }
        return post(url + "/v1/shops", trust, body);
    }

    private static JsonNode post(String url, ServerTrust trust, ObjectNode body) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .sslContext(trust.sslContext())
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            ServerTrust.untrusted(url, e).ifPresent(untrusted -> {
                throw untrusted;
            });
            throw CliException.offline("server unreachable at " + url + " ("
                    + (e instanceof java.net.ConnectException ? "connection refused" : e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.offline("interrupted");
        }
        JsonNode answer;
        try {
            answer = Terminal.JSON.readTree(response.body());
        } catch (IOException e) {
            throw CliException.offline("the server at " + url + " answered " + response.statusCode() + " without JSON");
        }
        if (response.statusCode() / 100 == 2) {
            return answer;
        }
        if (response.statusCode() >= 500) {
            throw CliException.offline("the server failed (" + response.statusCode() + "): "
                    + answer.path("detail").asText());
        }
        String field = answer.path("field").asText("");
        String flag =
                switch (field) {
                    case "shopName" -> "--name: ";
                    case "" -> "";
                    default -> Flags.of(field) + ": ";
                };
        throw CliException.refused(flag + answer.path("detail").asText("refused with status " + response.statusCode()));
    }
}

package com.repairsync.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.repairsync.server.testing.TestServer;
import com.repairsync.testkit.JsonHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser's view of the console over plain HTTP: it keeps the cookies the server sets (as a
 * browser would, by name), follows no redirects, and sends forms and the page's requests.
 */
final class ConsoleBrowser {
    private static final Pattern FORM_TOKEN = Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"");

    private final TestServer server;
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    final Map<String, String> cookies = new LinkedHashMap<>();
    String csrf;

    ConsoleBrowser(TestServer server) {
        this.server = server;
    }

    /** Opens the sign-in page and signs in; the answer to the form. */
    HttpResponse<String> signIn(String email, String password) {
        HttpResponse<String> page = get("/console/login");
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher token = FORM_TOKEN.matcher(page.body());
        assertThat(token.find()).as("the form's token in %s", page.body()).isTrue();
        return postForm("/console/login", Map.of("formToken", token.group(1), "email", email, "password", password));
    }

    /** Signs in and reads the page's CSRF token, as the console page does. */
    ConsoleBrowser signedIn(String email) {
        HttpResponse<String> answer = signIn(email, TestServer.PASSWORD);
        assertThat(answer.statusCode()).as("sign-in answered %s", answer.body()).isEqualTo(303);
        HttpResponse<String> session = get("/console/api/session");
        assertThat(session.statusCode())
                .as("session answered %s", session.body())
                .isEqualTo(200);
        csrf = json(session).path("csrf").asText();
        assertThat(csrf).isNotBlank();
        return this;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** A change the page asks for, with the session's CSRF token (or none when {@code token} is null). */
    HttpResponse<String> post(String path, String token) {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("X-CSRF-Token", token);
        }
        return send(request);
    }

    HttpResponse<String> postForm(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(server.http().baseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ")
                    .append(name)
                    .append('=')
                    .append(value));
            request.header("Cookie", header.toString());
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String cookie : setCookies(response)) {
                String pair = cookie.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || cookie.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JsonHttp.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}

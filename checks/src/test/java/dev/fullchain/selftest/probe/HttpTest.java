package dev.fullchain.selftest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.fullchain.probe.Http;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The HTTP probe against a real local server: answers, JSON, redirects not followed, no answer as data. */
@Tag("selftest")
class HttpTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", ex -> reply(ex, 200, "application/json", "{\"status\":\"ok\"}"));
        server.createContext("/items", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            reply(ex, "POST".equals(ex.getRequestMethod()) ? 201 : 405, "application/json; charset=utf-8", body);
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/healthz");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/", ex -> reply(ex, 200, "text/html", "<div id=\"root\"></div>"));
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String type, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersCarryStatusHeadersAndJson() {
        Http.Response r = Http.get(base + "/healthz");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.hasJsonContentType()).isTrue();
        assertThat(r.json().orElseThrow().path("status").asText()).isEqualTo("ok");
        assertThat(r.summary()).isEqualTo("GET " + base + "/healthz → 200");

        Http.Response created = Http.postJson(base + "/items", "{\"name\": " + Http.jsonString("a \"b\"") + "}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().orElseThrow().path("name").asText()).isEqualTo("a \"b\"");
        assertThat(created.contentType()).isEqualTo("application/json; charset=utf-8");

        Http.Response page = Http.get(base + "/");
        assertThat(page.hasJsonContentType()).isFalse();
        assertThat(page.json()).isEmpty();
    }

    @Test
    void redirectsAreReportedNotFollowed() {
        Http.Response r = Http.get(base + "/moved");
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).contains("/healthz");
    }

    @Test
    void noAnswerIsAResponseWithTheReason() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Http.Response r = Http.get("http://127.0.0.1:" + closed + "/healthz");
        assertThat(r.answered()).isFalse();
        assertThat(r.status()).isZero();
        assertThat(r.summary()).endsWith("→ no answer (connection refused)");
    }
}

package dev.fullchain.selftest.observability;

import dev.fullchain.probe.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A transport for the observability clients that answers from real servers' recorded answers
 * (checks/src/test/resources/api-samples: Prometheus 2.53, Loki 3.6.7) and records the paths asked.
 */
final class CannedAnswers implements Function<String, Http.Response> {

    private final Function<String, Http.Response> answer;
    final List<String> asked = new ArrayList<>();

    CannedAnswers(Function<String, Http.Response> answer) {
        this.answer = answer;
    }

    @Override
    public Http.Response apply(String path) {
        asked.add(path);
        return answer.apply(path);
    }

    static Http.Response answer(int status, String body) {
        return new Http.Response("GET", "http://127.0.0.1/", status, Map.of(), body, Duration.ZERO, "");
    }

    static String sample(String file) {
        try (InputStream in = CannedAnswers.class.getResourceAsStream("/api-samples/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no api sample " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

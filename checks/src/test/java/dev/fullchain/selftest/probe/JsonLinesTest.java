package dev.fullchain.selftest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.probe.JsonLines;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("selftest")
class JsonLinesTest {

    @Test
    void onlyWholeLineJsonObjectsCount() {
        List<JsonLines.Line> lines = JsonLines.parse(List.of(
                "{\"time\":\"2026-01-01T00:00:00Z\",\"level\":\"INFO\",\"message\":\"api started\"}",
                "",
                "INFO:     Started server process [1]",
                "{\"a\":1} trailing text",
                "[1,2]",
                "  {\"nested\": {\"ok\": true}}  ",
                "{\"broken\": "));
        assertThat(lines).hasSize(6);
        assertThat(lines).filteredOn(JsonLines.Line::isJsonObject).extracting(JsonLines.Line::number).containsExactly(1, 6);
        assertThat(JsonLines.notObjects(lines)).extracting(JsonLines.Line::number).containsExactly(3, 4, 5, 7);
        assertThat(lines.get(0).json().orElseThrow().path("level").asText()).isEqualTo("INFO");
    }
}

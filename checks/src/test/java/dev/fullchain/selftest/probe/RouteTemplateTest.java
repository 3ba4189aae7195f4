package dev.fullchain.selftest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.probe.RouteTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("selftest")
class RouteTemplateTest {

    @Test
    void templatesOfTheCommonFrameworksMatchTheirRequests() {
        assertThat(RouteTemplate.matches("/api/items/{item_id}", "/api/items/42")).isTrue();
        assertThat(RouteTemplate.matches("/api/items/:id", "/api/items/42")).isTrue();
        assertThat(RouteTemplate.matches("/api/items/<int:id>", "/api/items/42")).isTrue();
        assertThat(RouteTemplate.matches("/api/items", "/api/items/")).isTrue();
        assertThat(RouteTemplate.matches("/api/items/42", "/api/items/42")).isTrue();
    }

    @Test
    void otherRoutesDoNotMatch() {
        assertThat(RouteTemplate.matches("/api/items/{item_id}", "/api/items")).isFalse();
        assertThat(RouteTemplate.matches("/api/items/{item_id}", "/api/items/42/tags")).isFalse();
        assertThat(RouteTemplate.matches("/api/items", "/api/items/42")).isFalse();
        assertThat(RouteTemplate.matches("/api/it.ms", "/api/items")).isFalse();
        assertThat(RouteTemplate.matches("<unmatched>", "/api/items")).isFalse();
    }
}

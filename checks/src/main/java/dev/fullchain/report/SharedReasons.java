package dev.fullchain.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reasons several criteria of a day share word for word (a missing chart, a compose file
 * that cannot be read): the checklist says each of them once, labelled, and the criteria
 * point to the label, so a learner reads one finding once and not eleven times.
 */
final class SharedReasons {

    record Reason(String label, CriterionOutcome.Status status, String text, int count) {
    }

    private final Map<String, Reason> byText;

    private SharedReasons(Map<String, Reason> byText) {
        this.byText = byText;
    }

    static SharedReasons of(List<CriterionOutcome> day) {
        Map<String, List<CriterionOutcome>> groups = new LinkedHashMap<>();
        for (CriterionOutcome o : day) {
            if (o.status() == CriterionOutcome.Status.MISSING || o.status() == CriterionOutcome.Status.BLOCKED) {
                String text = o.findings();
                if (!text.isBlank()) {
                    groups.computeIfAbsent(key(o.status(), text), k -> new ArrayList<>()).add(o);
                }
            }
        }
        Map<String, Reason> out = new LinkedHashMap<>();
        char label = 'A';
        for (Map.Entry<String, List<CriterionOutcome>> g : groups.entrySet()) {
            if (g.getValue().size() > 1 && label <= 'Z') {
                CriterionOutcome first = g.getValue().get(0);
                out.put(g.getKey(), new Reason("Note " + label++, first.status(), first.findings(), g.getValue().size()));
            }
        }
        return new SharedReasons(out);
    }

    boolean isEmpty() {
        return byText.isEmpty();
    }

    List<Reason> all() {
        return List.copyOf(byText.values());
    }

    Optional<String> labelOf(CriterionOutcome o) {
        return Optional.ofNullable(byText.get(key(o.status(), o.findings()))).map(Reason::label);
    }

    private static String key(CriterionOutcome.Status status, String text) {
        return status + "\n" + text;
    }
}

package dev.fullchain.report;

import dev.fullchain.criteria.CriterionSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The outcomes recorded during one run, by criterion ID. Safe for checks running in parallel. */
public final class Outcomes {

    private final Map<String, CriterionOutcome> byId = new LinkedHashMap<>();

    public synchronized void record(CriterionSpec spec, CriterionOutcome.Status status, String message) {
        byId.merge(spec.id(), new CriterionOutcome(spec, status, message), CriterionOutcome::merge);
    }

    /** Records only if nothing is known yet: a failed class setup must not hide a check's own verdict. */
    public synchronized void recordIfAbsent(CriterionSpec spec, CriterionOutcome.Status status, String message) {
        byId.putIfAbsent(spec.id(), new CriterionOutcome(spec, status, message));
    }

    public synchronized Optional<CriterionOutcome> of(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public synchronized Map<String, CriterionOutcome> all() {
        return Map.copyOf(byId);
    }

    public synchronized boolean isEmpty() {
        return byId.isEmpty();
    }
}

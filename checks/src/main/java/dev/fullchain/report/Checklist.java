package dev.fullchain.report;

import dev.fullchain.criteria.Capability;
import dev.fullchain.criteria.Catalog;
import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.selection.Selection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The self-assessment of one run: per selected day, every selected criterion of the catalog
 * with its outcome (or "not run"), the counts, and a grade per seed capability. Plain data
 * for the Markdown and HTML writers and the history.
 */
public record Checklist(Instant when, String target, Selection selection, int runNumber,
                        Map<Integer, List<CriterionOutcome>> days, Map<Capability, Tally> capabilities) {

    public static Checklist of(Catalog catalog, Selection selection, Outcomes outcomes, String target, int runNumber, Instant when) {
        Map<String, CriterionOutcome> ran = outcomes.all();
        TreeSet<Integer> dayNumbers = new TreeSet<>(selection.days());
        Map<Integer, List<CriterionOutcome>> days = new LinkedHashMap<>();
        Map<Capability, Tally> capabilities = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            capabilities.put(c, Tally.ZERO);
        }
        for (CriterionOutcome o : ran.values()) {
            dayNumbers.add(o.spec().day()); // a check that ran outside the selection is still reported
        }
        for (int day : dayNumbers) {
            List<CriterionOutcome> rows = new ArrayList<>();
            for (CriterionSpec spec : catalog.all()) {
                if (spec.day() != day) {
                    continue;
                }
                CriterionOutcome o = ran.get(spec.id());
                if (o == null && selection.includes(spec)) {
                    o = CriterionOutcome.notRun(spec);
                }
                if (o != null) {
                    rows.add(o);
                    capabilities.merge(spec.capability(), Tally.of(o.status()), Tally::plus);
                }
            }
            days.put(day, List.copyOf(rows));
        }
        return new Checklist(when, target, selection, runNumber, days, capabilities);
    }

    public Tally tally(int day) {
        return days.getOrDefault(day, List.of()).stream().map(o -> Tally.of(o.status())).reduce(Tally.ZERO, Tally::plus);
    }

    public Tally total() {
        return days.keySet().stream().map(this::tally).reduce(Tally.ZERO, Tally::plus);
    }

    public Grade grade(Capability c) {
        return Grade.of(capabilities.getOrDefault(c, Tally.ZERO));
    }

    public String dayTitle(int day) {
        return Catalog.get().dayTitle(day);
    }

    /** What to say of a day with nothing to show: not covered yet, or outside -Dtier. */
    static String emptyDayNote(int day) {
        boolean catalogued = Catalog.get().all().stream().anyMatch(spec -> spec.day() == day);
        return catalogued ? "No criterion of this day is in the selection."
                : "fullchain has no criteria for this day yet.";
    }
}

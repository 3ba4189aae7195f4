package dev.fullchain.selection;

import dev.fullchain.criteria.CriterionSpec;
import dev.fullchain.criteria.Tier;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Which days and tiers a run checks: -Dday=1 | 1-3 | 1,3,5 | all and -Dtier=static |
 * static-docker | static,cluster | all. The same syntax for both; the enforcer rule in
 * pom.xml rejects malformed values before compiling, this class rejects the rest.
 */
public record Selection(Set<Integer> days, Set<Tier> tiers) {

    public static final int FIRST_DAY = 1;
    public static final int LAST_DAY = 7;

    public static Selection all() {
        return parse("all", "all");
    }

    public static Selection parse(String day, String tier) {
        return new Selection(parseDays(day), parseTiers(tier));
    }

    public boolean includes(CriterionSpec spec) {
        return days.contains(spec.day()) && tiers.contains(spec.tier());
    }

    public String describe() {
        return "days " + days + ", tiers " + tiers.stream().map(Tier::key).toList();
    }

    static Set<Integer> parseDays(String value) {
        Set<Integer> days = new TreeSet<>();
        if (isAll(value)) {
            for (int d = FIRST_DAY; d <= LAST_DAY; d++) {
                days.add(d);
            }
            return days;
        }
        parseList(value, "-Dday", Selection::day, (from, to) -> {
            for (int d = from; d <= to; d++) {
                days.add(d);
            }
        });
        return days;
    }

    static Set<Tier> parseTiers(String value) {
        if (isAll(value)) {
            return EnumSet.allOf(Tier.class);
        }
        Set<Tier> tiers = EnumSet.noneOf(Tier.class);
        parseList(value, "-Dtier", Selection::tierIndex, (from, to) -> {
            for (int t = from; t <= to; t++) {
                tiers.add(Tier.values()[t]);
            }
        });
        return tiers;
    }

    private static boolean isAll(String value) {
        return value == null || value.isBlank() || value.trim().equals("all");
    }

    private interface RangeSink {
        void accept(int from, int to);
    }

    private static void parseList(String value, String flag, Function<String, Integer> item, RangeSink sink) {
        for (String part : value.split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            try {
                int from = item.apply(dash < 0 ? p : p.substring(0, dash));
                int to = dash < 0 ? from : item.apply(p.substring(dash + 1));
                if (to < from) {
                    throw new IllegalArgumentException("the range " + p + " goes backwards");
                }
                sink.accept(from, to);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + "=" + value + ": " + e.getMessage(), e);
            }
        }
    }

    private static int day(String s) {
        try {
            int d = Integer.parseInt(s.trim());
            if (d >= FIRST_DAY && d <= LAST_DAY) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("'" + s + "' is not a day (1 to 7)");
    }

    private static int tierIndex(String s) {
        return Tier.fromKey(s).ordinal();
    }
}

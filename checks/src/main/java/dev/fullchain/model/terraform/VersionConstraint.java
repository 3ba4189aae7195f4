package dev.fullchain.model.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Terraform version constraint ("~> 4.44", ">= 1.9, < 2.0", "= 1.11.4"): whether a version
 * satisfies it, and whether it is pinned (has an upper bound, so a new major version is
 * never picked up by surprise).
 */
public final class VersionConstraint {

    private static final Pattern PART = Pattern.compile("\\s*(~>|>=|<=|!=|=|>|<)?\\s*v?([0-9]+(?:\\.[0-9]+){0,2})(-[0-9A-Za-z.-]+)?\\s*");

    private record Part(String op, int[] version, int precision) {
    }

    private final String text;
    private final List<Part> parts;
    private final String problem;

    private VersionConstraint(String text, List<Part> parts, String problem) {
        this.text = text;
        this.parts = parts;
        this.problem = problem;
    }

    public static VersionConstraint parse(String text) {
        List<Part> parts = new ArrayList<>();
        for (String p : text.split(",")) {
            Matcher m = PART.matcher(p);
            if (!m.matches()) {
                return new VersionConstraint(text, List.of(), "'" + p.trim() + "' is not a version constraint");
            }
            String[] nums = m.group(2).split("\\.");
            int[] v = new int[3];
            for (int i = 0; i < nums.length; i++) {
                v[i] = Integer.parseInt(nums[i]);
            }
            parts.add(new Part(m.group(1) == null ? "=" : m.group(1), v, nums.length));
        }
        return new VersionConstraint(text, List.copyOf(parts), null);
    }

    public String text() {
        return text;
    }

    /** Why the text is not a constraint, if it is not one. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Whether some part caps the version: ~>, =, < or <=. */
    public boolean hasUpperBound() {
        return problem == null && parts.stream().anyMatch(p -> p.op.equals("~>") || p.op.equals("=")
                || p.op.equals("<") || p.op.equals("<="));
    }

    public boolean isSatisfiedBy(String version) {
        if (problem != null) {
            return false;
        }
        Matcher m = PART.matcher(version);
        if (!m.matches() || m.group(1) != null) {
            return false;
        }
        String[] nums = m.group(2).split("\\.");
        int[] v = new int[3];
        for (int i = 0; i < nums.length; i++) {
            v[i] = Integer.parseInt(nums[i]);
        }
        return parts.stream().allMatch(p -> satisfies(v, p));
    }

    private static boolean satisfies(int[] v, Part p) {
        int c = compare(v, p.version);
        switch (p.op) {
            case "=":
                return c == 0;
            case "!=":
                return c != 0;
            case ">":
                return c > 0;
            case ">=":
                return c >= 0;
            case "<":
                return c < 0;
            case "<=":
                return c <= 0;
            default: {
                // ~> x.y.z allows >= x.y.z and < x.(y+1).0; ~> x.y allows >= x.y and < (x+1).0
                if (c < 0) {
                    return false;
                }
                int[] upper = p.version.clone();
                int bump = Math.max(0, p.precision - 2);
                upper[bump]++;
                for (int i = bump + 1; i < 3; i++) {
                    upper[i] = 0;
                }
                return compare(v, upper) < 0;
            }
        }
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}

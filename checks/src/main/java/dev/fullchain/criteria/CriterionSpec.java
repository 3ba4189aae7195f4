package dev.fullchain.criteria;

/**
 * One criterion of the catalog: what is verified, why it matters (capability), what it needs,
 * how to fix it. {@code tool} names an optional program a static check runs when it is
 * installed (e.g. terraform): such a check is skipped, with that reason, where it is not.
 */
public record CriterionSpec(String id, String title, int day, Capability capability, Tier tier, String hint, String tool) {

    public CriterionSpec(String id, String title, int day, Capability capability, Tier tier, String hint) {
        this(id, title, day, capability, tier, hint, "");
    }

    /** Whether the check may be skipped because an optional tool is missing or cannot work here. */
    public boolean needsOptionalTool() {
        return !tool.isEmpty();
    }

    /** "D1.IMG.PINNED — every FROM is pinned ..." */
    public String headline() {
        return id + " — " + title;
    }
}

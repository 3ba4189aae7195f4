package dev.fullchain.criteria;

/** One criterion of the catalog: what is verified, why it matters (capability), what it needs, how to fix it. */
public record CriterionSpec(String id, String title, int day, Capability capability, Tier tier, String hint) {

    /** "D1.IMG.PINNED — every FROM is pinned ..." */
    public String headline() {
        return id + " — " + title;
    }
}

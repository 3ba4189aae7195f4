package dev.fullchain.target;

import java.util.List;

/**
 * A deliverable that is not in the target at all (no chart, no Terraform, no workflow), as
 * opposed to one that is there and wrong. Thrown by the model that looks for it, once per
 * run; every criterion that needs it then reads "missing" with this one reason: what was
 * looked for, where, and the fullchain.yaml key that maps it.
 */
public class Missing extends RuntimeException {

    private final String artifact;
    private final List<String> lookedIn;
    private final String key;

    /**
     * @param artifact what is not there, e.g. "a Helm chart (a directory with Chart.yaml)"
     * @param lookedIn where fullchain looked, e.g. "charts/*", "helm/", "anywhere in the repository"
     * @param key      the fullchain.yaml key that names it, e.g. "chart"
     */
    public Missing(String artifact, List<String> lookedIn, String key) {
        super("no " + artifact + " found: looked in " + String.join(", ", lookedIn)
                + ". If it is elsewhere, name it with " + key + ": in " + Layout.FILE, null, false, false);
        this.artifact = artifact;
        this.lookedIn = List.copyOf(lookedIn);
        this.key = key;
    }

    public String artifact() {
        return artifact;
    }

    public List<String> lookedIn() {
        return lookedIn;
    }

    public String key() {
        return key;
    }
}

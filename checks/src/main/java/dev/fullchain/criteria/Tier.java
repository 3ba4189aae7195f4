package dev.fullchain.criteria;

import java.util.Locale;

/** What a check needs to run, from least to most. Order matters: ranges like static-docker use it. */
public enum Tier {
    STATIC("files only: a JDK and Maven"),
    DOCKER("a Docker engine"),
    CLUSTER("a Kubernetes cluster (a k3s container started by fullchain, or -Dcluster=kubeconfig)"),
    LIVE("real cloud accounts, read-only (-Dlive=azure,github)");

    private final String needs;

    Tier(String needs) {
        this.needs = needs;
    }

    public String needs() {
        return needs;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Tier fromKey(String key) {
        for (Tier t : values()) {
            if (t.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a tier: '" + key + "' (static, docker, cluster, live)");
    }
}

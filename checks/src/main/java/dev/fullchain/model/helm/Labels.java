package dev.fullchain.model.helm;

import java.util.List;

/** Kubernetes' recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
public final class Labels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String VERSION = "app.kubernetes.io/version";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

    /** What every object of a chart carries (Helm's own scaffold sets these). */
    public static final List<String> ON_EVERY_OBJECT = List.of(NAME, INSTANCE, VERSION, MANAGED_BY);

    private Labels() {
    }
}

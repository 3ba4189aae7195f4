package dev.fullchain.env.cluster;

/**
 * The cluster tier cannot run here: one line saying why and how to enable it (no Docker, an
 * image that cannot be pulled, an unreachable API server). Checks skip with it; never a pass.
 */
public class ClusterUnavailable extends RuntimeException {

    public ClusterUnavailable(String reason) {
        super(reason);
    }

    public ClusterUnavailable(String reason, Throwable cause) {
        super(reason, cause);
    }
}

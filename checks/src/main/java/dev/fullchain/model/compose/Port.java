package dev.fullchain.model.compose;

import dev.fullchain.target.Location;
import java.util.Optional;

/**
 * One entry of a service's ports. Every entry publishes on the host: "80" alone gets an
 * ephemeral host port. published is empty in that case; a range stays as written ("8000-8010").
 */
public record Port(String raw, Optional<String> hostIp, Optional<String> published, String target,
                   String protocol, boolean interpolated, String file, int line) {

    /** Bound to a loopback address only (127.0.0.1, ::1, localhost). */
    public boolean loopbackOnly() {
        return hostIp.map(ip -> ip.startsWith("127.") || ip.equals("::1") || ip.equals("[::1]") || ip.equals("localhost"))
                .orElse(false);
    }

    /** What compose merges ports by: a later file's entry with the same key replaces the earlier one. */
    String mergeKey() {
        return hostIp.orElse("") + "|" + published.orElse("") + "|" + target + "|" + protocol;
    }

    public Location at() {
        return new Location(file, line);
    }
}

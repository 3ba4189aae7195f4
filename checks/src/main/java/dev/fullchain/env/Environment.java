package dev.fullchain.env;

import java.util.Map;

/**
 * Something a check runs against (a compose stack, a cluster, a cloud account), started
 * once per run and shared. On a failed check, its diagnostics are attached to the report.
 */
public interface Environment extends AutoCloseable {

    /** Name → text (service logs, pod status, events), gathered when a check fails. */
    Map<String, String> diagnostics();

    @Override
    void close();
}

package dev.fullchain.model.docker;

import java.util.List;
import java.util.Optional;

/**
 * What a stage is built FROM: the text as written, the reference once ARG defaults are
 * substituted (empty when a variable has no known value), and whether it names an earlier
 * stage of the same Dockerfile.
 */
public record BaseImage(String raw, Optional<String> resolved, List<String> unresolvedVariables,
                        Optional<String> platform, Optional<Integer> stageIndex) {

    public boolean isScratch() {
        return resolved.map(r -> r.equalsIgnoreCase("scratch")).orElse(false);
    }

    public boolean isStage() {
        return stageIndex.isPresent();
    }

    /** The external image reference, when it is one (not scratch, not a stage, resolved). */
    public Optional<ImageName> image() {
        if (isScratch() || isStage()) {
            return Optional.empty();
        }
        return resolved.map(ImageName::parse);
    }

    /** As written, plus what it resolves to when that differs: "${BASE} (= debian:12)". */
    public String describe() {
        return resolved.filter(r -> !r.equals(raw)).map(r -> raw + " (= " + r + ")").orElse(raw);
    }
}

package dev.fullchain.model.docker;

import dev.fullchain.target.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: its stages in order, the ARGs declared before the first FROM, and
 * every instruction with its line. Built by {@link DockerfileParser}; immutable.
 */
public record Dockerfile(String path, char escape, List<KeyValue> globalArgs, List<Stage> stages,
                         List<Instruction> instructions) {

    /** Parses a Dockerfile; throws BadInput naming the file and line when it is not one. */
    public static Dockerfile parse(SourceFile file) {
        return DockerfileParser.parse(file);
    }

    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    public boolean isMultiStage() {
        return stages.size() > 1;
    }

    /** A stage by name (case-insensitive, as Docker does) or index, as COPY --from accepts. */
    public Optional<Stage> stage(String nameOrIndex) {
        String ref = nameOrIndex.strip().toLowerCase();
        for (Stage s : stages) {
            if (s.name().map(ref::equals).orElse(false)) {
                return Optional.of(s);
            }
        }
        if (ref.matches("\\d+")) {
            int i = Integer.parseInt(ref);
            return i < stages.size() ? Optional.of(stages.get(i)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The stage and the earlier stages it is built FROM, nearest first: what its filesystem inherits. */
    public List<Stage> lineage(Stage stage) {
        List<Stage> out = new ArrayList<>();
        Stage s = stage;
        while (true) {
            out.add(s);
            if (s.base().stageIndex().isEmpty()) {
                return out;
            }
            s = stages.get(s.base().stageIndex().get());
        }
    }

    /** The USER a stage runs as: its last USER, else the one inherited from the stage it is built FROM. */
    public Optional<UserSetting> effectiveUser(Stage stage) {
        for (Stage s : lineage(stage)) {
            if (!s.users().isEmpty()) {
                return Optional.of(s.users().get(s.users().size() - 1));
            }
        }
        return Optional.empty();
    }

    /** The last instruction of a kind that a stage has or inherits from earlier stages (CMD, ENTRYPOINT, HEALTHCHECK). */
    public Optional<Instruction> effective(String keyword, Stage stage) {
        for (Stage s : lineage(stage)) {
            Optional<Instruction> i = s.last(keyword);
            if (i.isPresent()) {
                return i;
            }
        }
        return Optional.empty();
    }
}

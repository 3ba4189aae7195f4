package dev.fullchain.model.docker;

import java.util.List;
import java.util.Optional;

/**
 * One build stage: the FROM that opens it and the instructions until the next FROM.
 * env holds its own ENV pairs, args its ARG declarations, users its USER instructions, in order
 * (what it inherits from an earlier stage is reached through {@link Dockerfile#lineage}).
 */
public record Stage(int index, Optional<String> name, BaseImage base, Instruction from,
                    List<Instruction> instructions, List<KeyValue> env, List<KeyValue> args,
                    List<UserSetting> users) {

    public int line() {
        return from.line();
    }

    public List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.is(keyword)).toList();
    }

    public Optional<Instruction> last(String keyword) {
        List<Instruction> l = all(keyword);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
    }

    /** "stage 'build' (FROM node:20)" or "stage #1 (FROM nginx:1.27)" for messages. */
    public String describe() {
        return "stage " + name.map(n -> "'" + n + "'").orElse("#" + index) + " (FROM " + base.describe() + ")";
    }
}

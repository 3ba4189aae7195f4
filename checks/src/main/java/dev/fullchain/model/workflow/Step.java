package dev.fullchain.model.workflow;

import dev.fullchain.target.Location;
import java.util.Map;
import java.util.Optional;

/** One step: either uses: an action or run: a script, with its with:, env:, if: and the rest. */
public record Step(int index, Location location, Optional<Value> name, Optional<Value> id, Optional<ActionRef> uses,
                   Optional<Value> run, Map<String, Value> with, Map<String, Value> env, Optional<Value> condition,
                   Optional<Value> continueOnError, Optional<Value> workingDirectory) {

    /** Its name, else its uses:, else the first line of its script: how a learner finds it. */
    public String label() {
        if (name.isPresent()) {
            return "\"" + name.get().text().strip() + "\"";
        }
        if (uses.isPresent()) {
            return uses.get().raw().strip();
        }
        String first = run.map(Value::firstLine).orElse("");
        return "run: " + (first.length() > 60 ? first.substring(0, 57) + "..." : first);
    }

    public boolean uses(String ownerRepo) {
        return uses.filter(a -> a.isRemote() && a.is(ownerRepo)).isPresent();
    }

    public Optional<Value> input(String key) {
        return Optional.ofNullable(with.get(key));
    }
}

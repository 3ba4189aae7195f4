package dev.fullchain.day2;

import dev.fullchain.check.Findings;
import dev.fullchain.model.terraform.ModuleInstance;
import dev.fullchain.model.terraform.ResourceInstance;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfEnvironment;
import dev.fullchain.model.terraform.TfvarsFile;
import dev.fullchain.model.terraform.Variable;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.target.BadInput;
import dev.fullchain.target.Location;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** What the Day 2 static checks share: where to point a message, how to judge a value per environment. */
final class Day2Terraform {

    private Day2Terraform() {
    }

    static Location baseLocation(TerraformProject tf) {
        return Location.of(tf.baseDir().filter(b -> !b.isEmpty()).orElse("."));
    }

    static String dirs(List<TerraformConfig> configs) {
        return configs.isEmpty() ? "none" : configs.stream().map(TerraformConfig::dir).collect(Collectors.joining(", "));
    }

    static String paths(List<TfvarsFile> files) {
        return files.stream().map(TfvarsFile::path).collect(Collectors.joining(", "));
    }

    static List<ResourceInstance> ofType(List<ResourceInstance> all, String type) {
        return all.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** Local module calls whose folder is missing: what may hide a resource that was looked for. */
    static String missingModules(TerraformProject tf) {
        List<String> missing = tf.moduleCalls().stream().filter(m -> m.isLocal() && !m.sourceExists())
                .map(m -> "module \"" + m.name() + "\" at " + m.location() + " points to " + m.source().orElse("")
                        + (m.leavesRepository() ? ", outside the repository" : ", which does not exist")).toList();
        return missing.isEmpty() ? "" : " (" + String.join("; ", missing) + ")";
    }

    static boolean isTrue(Value v) {
        return v.asBool().orElse(false);
    }

    static boolean isFalse(Value v) {
        return v.asBool().map(b -> !b).orElse(false);
    }

    /**
     * One evaluated setting: unknown is "cannot tell" (with why), not written is {@code whenAbsent}
     * (or fine when null), otherwise it must satisfy {@code ok}.
     */
    static void requireValue(PerEnvironment perEnv, ResourceInstance r, String path, Value v, Predicate<Value> ok,
                             String whenAbsent, String expected) {
        if (v instanceof Value.Unknown u && !u.error()) {
            perEnv.cannotTell(writtenAt(r, path), path + " of " + r.address() + ": " + u.reason(),
                    expected, r.environment());
        } else if (v instanceof Value.Unknown u) {
            perEnv.add(r.location(path), path + " of " + r.address() + " does not evaluate: " + u.reason(),
                    expected, r.environment());
        } else if (!r.has(path)) {
            if (whenAbsent != null) {
                perEnv.add(r.location(path), r.address() + ": " + whenAbsent, expected, r.environment());
            }
        } else if (!ok.test(v)) {
            String set = r.attribute(path).map(a -> whereSet(r.module().origin(a.expr()))).orElse("");
            perEnv.add(writtenAt(r, path), r.address() + ": " + path + " = " + v.display() + set, expected, r.environment());
        }
    }

    /**
     * Where the values an expression reads are set, for a message that points at the line to
     * change: "var.suffix = ... at infra/live/env/prod.tfvars:2, local.short at infra/live/locals.tf:22".
     * A variable of the root is set by the environment's .tfvars (the last that sets it), else by its
     * default; a module's variables are followed up to the caller by {@link ModuleInstance#origin}.
     */
    static String whereSet(ModuleInstance.Origin origin) {
        Set<String> out = new LinkedHashSet<>();
        ModuleInstance at = origin.instance();
        for (Expr.Traversal t : Expr.references(origin.expr())) {
            if (t.steps().isEmpty() || !(t.steps().get(0) instanceof dev.fullchain.model.terraform.hcl.Step.Attr a)) {
                continue;
            }
            String name = a.name();
            if (t.root().equals("var")) {
                Optional<Location> set = Optional.empty();
                if (at.call().isEmpty()) {
                    for (TfvarsFile f : at.environment().varFiles()) {
                        if (f.names().contains(name)) {
                            set = Optional.of(f.location(name));
                        }
                    }
                }
                if (set.isEmpty()) {
                    set = at.config().variable(name).flatMap(Variable::defaultValue).map(Attribute::location);
                }
                set.ifPresent(l -> out.add("var." + name + " set at " + l));
            } else if (t.root().equals("local")) {
                at.config().local(name).ifPresent(l -> out.add("local." + name + " set at " + l.location()));
            }
        }
        return out.isEmpty() ? "" : " (" + String.join(", ", out) + ")";
    }

    /** The line where a resource's setting is written, followed up the module calls to the caller that gives it. */
    static Location writtenAt(ResourceInstance r, String path) {
        return r.attribute(path).map(a -> r.module().origin(a.expr()).location()).orElse(r.location(path));
    }

    /** Findings that may repeat in several environments: one per place and problem, naming the environments. */
    static final class PerEnvironment {
        private record Key(Location where, String found, String expected, boolean unknown) {
        }

        private final Map<Key, List<String>> seen = new LinkedHashMap<>();

        /** A real finding in one environment. */
        void add(Location where, String found, String expected, TfEnvironment env) {
            put(new Key(where, found, expected, false), env);
        }

        private final List<BadInput> blockedBy = new ArrayList<>();

        /**
         * A value fullchain cannot compute in one environment: "cannot tell", never a failure; when
         * one of the environment's value files cannot be read, the criterion is blocked by that file.
         */
        void cannotTell(Location where, String what, String howToTell, TfEnvironment env) {
            cannotTell(where, what, howToTell, env, false);
        }

        /** As above; with {@code onlyWhenBlocked}, nothing is said unless the environment's files cannot be read. */
        void cannotTell(Location where, String what, String howToTell, TfEnvironment env, boolean onlyWhenBlocked) {
            if (!env.problems().isEmpty()) {
                blockedBy.addAll(env.problems());
            } else if (!onlyWhenBlocked) {
                put(new Key(where, what, howToTell, true), env);
            }
        }

        private void put(Key key, TfEnvironment env) {
            List<String> envs = seen.computeIfAbsent(key, k -> new ArrayList<>());
            if (!envs.contains(env.describe())) {
                envs.add(env.describe());
            }
        }

        void into(Findings findings) {
            blockedBy.forEach(findings::add);
            seen.forEach((k, envs) -> {
                String found = k.found() + " — in " + String.join("; ", envs);
                if (k.unknown()) {
                    findings.cannotTell(k.where(), found, k.expected());
                } else {
                    findings.add(k.where(), found, k.expected());
                }
            });
        }
    }
}

package dev.fullchain.model.terraform;

import dev.fullchain.model.terraform.hcl.Attribute;
import dev.fullchain.model.terraform.hcl.Block;
import dev.fullchain.model.terraform.hcl.BrokenBlock;
import dev.fullchain.model.terraform.hcl.Expr;
import dev.fullchain.model.terraform.hcl.HclFile;
import dev.fullchain.model.terraform.hcl.SourceRange;
import dev.fullchain.target.BadInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One directory of .tf files: a root configuration or a module (Terraform calls both a
 * module). Everything declared in it, typed, with locations; and the files that could not
 * be read, with the blocks that cost.
 */
public final class TerraformConfig {

    static final String PARSE_EXPECTED = "valid HCL (terraform fmt and terraform validate report the same line)";

    private final String dir;
    private final Map<String, HclFile> files = new LinkedHashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<Resource> dataSources = new ArrayList<>();
    private final List<Variable> variables = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<LocalValue> locals = new ArrayList<>();
    private final List<ModuleCall> moduleCalls = new ArrayList<>();
    private final List<ProviderBlock> providers = new ArrayList<>();
    private final List<Block> terraformBlocks = new ArrayList<>();
    private final List<Block> otherBlocks = new ArrayList<>();

    TerraformConfig(String dir) {
        this.dir = dir;
    }

    /** Adds a parsed file; module calls are resolved by the caller (it knows the target). */
    void add(HclFile file, Function<Block, ModuleCall> moduleCallOf) {
        files.put(file.path(), file);
        for (int i = 0; i < file.errors().size(); i++) {
            BrokenBlock broken = file.broken().get(i);
            String where = broken.type() == null || broken.type().equals("attribute") ? ""
                    : " (fullchain cannot read " + broken.describe() + ")";
            problems.add(new ConfigProblem(new BadInput(file.errors().get(i).location(),
                    "cannot be parsed as HCL: " + file.errors().get(i).message() + where, PARSE_EXPECTED), broken));
        }
        for (Block b : file.body().blocks()) {
            switch (b.type()) {
                case "resource" -> resources.add(new Resource(false, b.label(0), b.label(1), b, this));
                case "data" -> dataSources.add(new Resource(true, b.label(0), b.label(1), b, this));
                case "variable" -> variables.add(new Variable(b.label(0), b, this));
                case "output" -> outputs.add(new Output(b.label(0), b, this));
                case "locals" -> b.body().attributes().forEach(a -> locals.add(new LocalValue(a.name(), a)));
                case "module" -> moduleCalls.add(moduleCallOf.apply(b));
                case "provider" -> providers.add(new ProviderBlock(b.label(0), b));
                case "terraform" -> terraformBlocks.add(b);
                default -> otherBlocks.add(b);
            }
        }
    }

    void addProblem(ConfigProblem p) {
        problems.add(p);
    }

    /** The directory, relative to the target's root ("terraform", "terraform/modules/acr"). */
    public String dir() {
        return dir;
    }

    /** The last segment of the directory ("acr"). */
    public String name() {
        int i = dir.lastIndexOf('/');
        return i < 0 ? dir : dir.substring(i + 1);
    }

    /** The .tf files read, by path relative to the target's root. */
    public Map<String, HclFile> files() {
        return java.util.Collections.unmodifiableMap(files);
    }

    /** Whether the folder holds this .tf file, read or not. */
    public boolean hasFile(String fileName) {
        String path = dir.isEmpty() ? fileName : dir + "/" + fileName;
        return files.containsKey(path) || problems.stream().anyMatch(p -> p.unreadable() && p.path().equals(path));
    }

    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    /** The problems that may hide a block of this type (and first label, when not null). */
    public List<ConfigProblem> problemsAffecting(String blockType, String firstLabel) {
        return problems.stream().filter(p -> p.mayBe(blockType, firstLabel)).toList();
    }

    public List<Resource> resources() {
        return List.copyOf(resources);
    }

    public List<Resource> resources(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Optional<Resource> resource(String type, String name) {
        return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst();
    }

    public List<Resource> dataSources() {
        return List.copyOf(dataSources);
    }

    public List<Variable> variables() {
        return List.copyOf(variables);
    }

    public Optional<Variable> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    public List<Output> outputs() {
        return List.copyOf(outputs);
    }

    public Optional<Output> output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public List<LocalValue> locals() {
        return List.copyOf(locals);
    }

    public Optional<LocalValue> local(String name) {
        return locals.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public List<ModuleCall> moduleCalls() {
        return List.copyOf(moduleCalls);
    }

    public Optional<ModuleCall> moduleCall(String name) {
        return moduleCalls.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public List<ProviderBlock> providers() {
        return List.copyOf(providers);
    }

    public TerraformSettings settings() {
        return new TerraformSettings(List.copyOf(terraformBlocks));
    }

    /** Blocks of other types (moved, import, check, removed ...). */
    public List<Block> otherBlocks() {
        return List.copyOf(otherBlocks);
    }

    /** Whether any expression of this configuration reads terraform.workspace. */
    public boolean readsWorkspace() {
        for (HclFile f : files.values()) {
            if (f.text().contains("terraform.workspace")) {
                for (Block b : f.body().blocks()) {
                    if (blockReadsWorkspace(b)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean blockReadsWorkspace(Block b) {
        for (Attribute a : b.body().attributes()) {
            for (Expr.Traversal t : Expr.references(a.expr())) {
                if (t.dotted().equals("terraform.workspace")) {
                    return true;
                }
            }
        }
        return b.body().blocks().stream().anyMatch(TerraformConfig::blockReadsWorkspace);
    }

    /** The source text of a range of one of this configuration's files. */
    public String text(SourceRange r) {
        HclFile f = files.get(r.file());
        return f == null ? "" : f.textOf(r);
    }

    @Override
    public String toString() {
        return dir;
    }
}

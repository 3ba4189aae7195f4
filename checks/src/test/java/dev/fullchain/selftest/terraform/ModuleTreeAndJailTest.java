package dev.fullchain.selftest.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.terraform.ConfigProblem;
import dev.fullchain.model.terraform.ModuleCall;
import dev.fullchain.model.terraform.ModuleGraph;
import dev.fullchain.model.terraform.ResourceInstance;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Module trees fullchain cannot follow (a module sourcing itself, a cycle, a chain too deep)
 * are found and named, and never instantiated without end; module sources and .tf files that
 * leave the repository are never read.
 */
@Tag("selftest")
class ModuleTreeAndJailTest {

    private static final String REGISTRY = "resource \"azurerm_container_registry\" \"this\" {\n  name = \"acrx\"\n  sku  = \"Basic\"\n}\n";

    @TempDir
    Path work;
    Path repo;
    Path outside;

    @BeforeEach
    void folders() throws IOException {
        repo = Files.createDirectories(work.resolve("repo"));
        outside = Files.createDirectories(work.resolve("outside"));
        Files.writeString(outside.resolve("main.tf"), "resource \"azurerm_key_vault\" \"outside\" {\n  name = \"outside-marker\"\n}\n");
    }

    private void write(String rel, String text) throws IOException {
        Path f = repo.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private TerraformProject load() {
        return TerraformProject.load(Target.open(repo));
    }

    private static List<ResourceInstance> resources(TerraformProject tf) {
        return tf.environments().stream().flatMap(e -> tf.resources(e).stream()).toList();
    }

    @Test
    void aModuleThatSourcesItselfIsACycleOfOne() throws IOException {
        write("terraform/main.tf", "module \"acr\" {\n  source = \"./modules/acr\"\n}\n");
        write("terraform/modules/acr/main.tf", REGISTRY);
        write("terraform/modules/acr/self.tf", "module \"again\" {\n  source = \"./\"\n}\n");
        TerraformProject tf = load();
        List<ModuleGraph.Cycle> cycles = tf.moduleGraph().cycles();
        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0).describe()).isEqualTo("terraform/modules/acr → terraform/modules/acr");
        assertThat(cycles.get(0).closing().location()).hasToString("terraform/modules/acr/self.tf:1");
        assertThat(resources(tf)).extracting(ResourceInstance::address).containsExactly("module.acr.azurerm_container_registry.this");
    }

    @Test
    void aCycleOfTwoModulesIsNamed() throws IOException {
        write("terraform/main.tf", "module \"a\" {\n  source = \"./modules/a\"\n}\n");
        write("terraform/modules/a/main.tf", "module \"b\" {\n  source = \"../b\"\n}\n" + REGISTRY);
        write("terraform/modules/b/main.tf", "module \"a\" {\n  source = \"../a\"\n}\n");
        TerraformProject tf = load();
        assertThat(tf.moduleGraph().cycles()).extracting(ModuleGraph.Cycle::describe)
                .containsExactly("terraform/modules/a → terraform/modules/b → terraform/modules/a");
        assertThat(resources(tf)).extracting(ResourceInstance::address).containsExactly("module.a.azurerm_container_registry.this");
    }

    @Test
    void aChainOfModulesDeeperThanTheLimitIsCut() throws IOException {
        write("terraform/main.tf", "module \"m\" {\n  source = \"./modules/m0\"\n}\n");
        for (int i = 0; i < 30; i++) {
            write("terraform/modules/m" + i + "/main.tf", "module \"m\" {\n  source = \"../m" + (i + 1) + "\"\n}\n" + REGISTRY);
        }
        write("terraform/modules/m30/main.tf", REGISTRY);
        TerraformProject tf = load();
        assertThat(tf.moduleGraph().cycles()).isEmpty();
        assertThat(tf.moduleGraph().tooDeep()).hasSize(1);
        assertThat(resources(tf)).hasSizeLessThanOrEqualTo(ModuleGraph.MAX_DEPTH + 1);
    }

    @Test
    void aModuleSourceLeavingTheRootIsNeverRead() throws IOException {
        write("terraform/main.tf", "module \"leak\" {\n  source = \"../../outside\"\n}\n" + REGISTRY);
        TerraformProject tf = load();
        ModuleCall leak = tf.moduleCalls().get(0);
        assertThat(leak.leavesRepository()).isTrue();
        assertThat(leak.sourceExists()).isFalse();
        assertThat(tf.configs()).extracting(TerraformConfig::dir).containsExactly("terraform");
        assertThat(resources(tf)).extracting(ResourceInstance::address).containsExactly("azurerm_container_registry.this");
    }

    @Test
    void aModuleFolderLinkedOutsideIsNeverRead() throws IOException {
        write("terraform/main.tf", "module \"ext\" {\n  source = \"./modules/ext\"\n}\n");
        Files.createDirectories(repo.resolve("terraform/modules"));
        Files.createSymbolicLink(repo.resolve("terraform/modules/ext"), outside);
        TerraformProject tf = load();
        assertThat(tf.moduleCalls().get(0).leavesRepository()).isTrue();
        assertThat(resources(tf)).isEmpty();
    }

    @Test
    void aTfFileLinkedOutsideIsAProblemOfThatFileNeverRead() throws IOException {
        write("terraform/versions.tf", "terraform {\n  required_version = \"~> 1.9\"\n}\n");
        Files.createSymbolicLink(repo.resolve("terraform/main.tf"), outside.resolve("main.tf"));
        TerraformProject tf = load();
        List<ConfigProblem> problems = tf.problems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).unreadable()).isTrue();
        assertThat(problems.get(0).path()).isEqualTo("terraform/main.tf");
        assertThat(problems.get(0).bad().problem()).contains("points outside the repository");
        assertThat(resources(tf)).isEmpty();
        assertThat(tf.config("terraform").orElseThrow().hasFile("main.tf")).isTrue();
    }

    @Test
    void aTfFileLinkedInsideIsFollowed() throws IOException {
        write("shared/registry.tf.txt", REGISTRY);
        write("terraform/versions.tf", "terraform {\n  required_version = \"~> 1.9\"\n}\n");
        Files.createSymbolicLink(repo.resolve("terraform/registry.tf"), repo.resolve("shared/registry.tf.txt"));
        TerraformProject tf = load();
        assertThat(tf.problems()).isEmpty();
        assertThat(resources(tf)).extracting(ResourceInstance::address).containsExactly("azurerm_container_registry.this");
    }
}

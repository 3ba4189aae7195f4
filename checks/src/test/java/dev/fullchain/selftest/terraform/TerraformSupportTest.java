package dev.fullchain.selftest.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.git.GitIgnores;
import dev.fullchain.model.terraform.AzureNames;
import dev.fullchain.model.terraform.StateArtifacts;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.VersionConstraint;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version constraints, .gitignore rules, Azure naming rules and state artifacts. */
@Tag("selftest")
class TerraformSupportTest {

    @TempDir
    Path dir;

    @Test
    void versionConstraints() {
        VersionConstraint pessimistic = VersionConstraint.parse("~> 4.44");
        assertThat(pessimistic.hasUpperBound()).isTrue();
        assertThat(pessimistic.isSatisfiedBy("4.44.0")).isTrue();
        assertThat(pessimistic.isSatisfiedBy("4.99.1")).isTrue();
        assertThat(pessimistic.isSatisfiedBy("5.0.0")).isFalse();
        assertThat(pessimistic.isSatisfiedBy("4.43.9")).isFalse();
        VersionConstraint patch = VersionConstraint.parse("~> 1.9.2");
        assertThat(patch.isSatisfiedBy("1.9.8")).isTrue();
        assertThat(patch.isSatisfiedBy("1.10.0")).isFalse();
        VersionConstraint range = VersionConstraint.parse(">= 1.9, < 2.0");
        assertThat(range.hasUpperBound()).isTrue();
        assertThat(range.isSatisfiedBy("1.11.4")).isTrue();
        assertThat(range.isSatisfiedBy("2.0.0")).isFalse();
        assertThat(VersionConstraint.parse(">= 3.0").hasUpperBound()).isFalse();
        assertThat(VersionConstraint.parse("4.44.0").isSatisfiedBy("4.44.0")).isTrue();
        assertThat(VersionConstraint.parse("latest").problem()).isPresent();
    }

    @Test
    void gitIgnoreRules() {
        GitIgnores root = GitIgnores.of("", "# comment\n.terraform/\n*.tfstate\n*.tfstate.*\n/build\n!keep.tfstate\nlogs/**/debug.log\n");
        assertThat(root.isIgnored("terraform/.terraform", true)).isTrue();
        assertThat(root.isIgnored("terraform/.terraform/providers/x", false)).isTrue();
        assertThat(root.isIgnored("terraform/.terraform", false)).isFalse();
        assertThat(root.isIgnored("terraform/bootstrap/terraform.tfstate", false)).isTrue();
        assertThat(root.isIgnored("terraform/terraform.tfstate.backup", false)).isTrue();
        assertThat(root.isIgnored("keep.tfstate", false)).isFalse();
        assertThat(root.isIgnored("build", true)).isTrue();
        assertThat(root.isIgnored("app/build", true)).isFalse();
        assertThat(root.isIgnored("logs/a/b/debug.log", false)).isTrue();
        assertThat(root.isIgnored("terraform/.terraform.lock.hcl", false)).isFalse();
        GitIgnores nested = GitIgnores.of("terraform", "*.tfplan\n");
        assertThat(nested.isIgnored("terraform/dev.tfplan", false)).isTrue();
        assertThat(nested.isIgnored("dev.tfplan", false)).isFalse();
    }

    @Test
    void azureNamingRules() {
        AzureNames.Rule storage = AzureNames.ruleFor("azurerm_storage_account").orElseThrow();
        assertThat(AzureNames.violations(storage, "stfullchain01")).isEmpty();
        assertThat(AzureNames.violations(storage, "st-Fullchain")).singleElement().asString().contains("'-F'");
        assertThat(AzureNames.violations(storage, "s")).singleElement().asString().contains("1 characters long (3 to 24");
        AzureNames.Rule kv = AzureNames.ruleFor("azurerm_key_vault").orElseThrow();
        assertThat(AzureNames.violations(kv, "kv-fullchain-prod-7f3a")).isEmpty();
        assertThat(AzureNames.violations(kv, "1kv")).singleElement().asString().contains("start with a letter");
        assertThat(AzureNames.violations(kv, "kv--a")).singleElement().asString().contains("consecutive hyphens");
        assertThat(AzureNames.violations(kv, "kv-fullchainapp-prod-7f3a")).singleElement().asString().contains("25 characters");
        AzureNames.Rule acr = AzureNames.ruleFor("azurerm_container_registry").orElseThrow();
        assertThat(AzureNames.violations(acr, "acr-dev")).singleElement().asString().contains("no hyphens");
        assertThat(AzureNames.isTaggable("azurerm_key_vault")).isTrue();
        assertThat(AzureNames.isTaggable("azurerm_storage_container")).isFalse();
    }

    @Test
    void stateArtifactsOutsideAGitRepositoryArePresent() throws IOException {
        Files.createDirectories(dir.resolve("terraform/.terraform/providers"));
        Files.writeString(dir.resolve("terraform/main.tf"), "locals {}\n");
        Files.writeString(dir.resolve("terraform/terraform.tfstate"), "{}");
        Files.writeString(dir.resolve("terraform/terraform.tfstate.backup"), "{}");
        Files.writeString(dir.resolve("terraform/dev.tfplan"), "PK");
        Files.write(dir.resolve("terraform/plan"), new byte[] {'P', 'K', 3, 4, 't', 'f', 'p', 'l', 'a', 'n'});
        Files.writeString(dir.resolve(".gitignore"), ".terraform/\n*.tfstate\n");
        TerraformProject tf = TerraformProject.load(Target.open(dir));
        StateArtifacts found = tf.stateArtifacts();
        assertThat(found.gitRepository()).isFalse();
        assertThat(found.exposed()).extracting(StateArtifacts.Artifact::path, StateArtifacts.Artifact::kind).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("terraform/.terraform", StateArtifacts.Kind.TERRAFORM_DIR),
                org.assertj.core.groups.Tuple.tuple("terraform/terraform.tfstate", StateArtifacts.Kind.STATE),
                org.assertj.core.groups.Tuple.tuple("terraform/terraform.tfstate.backup", StateArtifacts.Kind.STATE_BACKUP),
                org.assertj.core.groups.Tuple.tuple("terraform/dev.tfplan", StateArtifacts.Kind.PLAN),
                org.assertj.core.groups.Tuple.tuple("terraform/plan", StateArtifacts.Kind.PLAN));
        assertThat(tf.ignoreRules().isIgnored("terraform/x.tfstate.backup", false)).isFalse();
    }
}

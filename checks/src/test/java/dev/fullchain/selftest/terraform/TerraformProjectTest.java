package dev.fullchain.selftest.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fullchain.model.terraform.ConfigProblem;
import dev.fullchain.model.terraform.LockFile;
import dev.fullchain.model.terraform.ModuleCall;
import dev.fullchain.model.terraform.ModuleInstance;
import dev.fullchain.model.terraform.ResourceInstance;
import dev.fullchain.model.terraform.TerraformConfig;
import dev.fullchain.model.terraform.TerraformProject;
import dev.fullchain.model.terraform.TfEnvironment;
import dev.fullchain.model.terraform.eval.Value;
import dev.fullchain.selftest.Fixtures;
import dev.fullchain.target.Missing;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Terraform model: discovery, environments, evaluation through modules, and broken files. */
@Tag("selftest")
class TerraformProjectTest {

    @TempDir
    Path dir;

    private static TerraformProject fixtures() {
        return TerraformProject.load(Target.open(Fixtures.root()));
    }

    private TerraformProject project(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return TerraformProject.load(Target.open(dir));
    }

    private static TfEnvironment env(TerraformProject tf, String name) {
        return tf.environments().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    private static ResourceInstance resource(TerraformProject tf, TfEnvironment env, String address) {
        return tf.resources(env).stream().filter(r -> r.address().equals(address)).findFirst()
                .orElseThrow(() -> new AssertionError(address + " not in " + tf.resources(env)));
    }

    @Test
    void theFixturesAreModelledWithTheirEnvironments() {
        TerraformProject tf = fixtures();
        assertThat(tf.baseDir()).hasValue("terraform");
        assertThat(tf.roots()).extracting(TerraformConfig::dir).containsExactlyInAnyOrder("terraform", "terraform/bootstrap");
        assertThat(tf.bootstrapRoots()).extracting(TerraformConfig::dir).containsExactly("terraform/bootstrap");
        assertThat(tf.applicationRoots()).extracting(TerraformConfig::dir).containsExactly("terraform");
        assertThat(tf.modules()).extracting(TerraformConfig::name).containsExactlyInAnyOrder("resource-group", "acr", "key-vault", "budget");
        assertThat(tf.problems()).isEmpty();
        TerraformConfig root = tf.applicationRoots().get(0);
        assertThat(tf.environments(root)).extracting(TfEnvironment::name).containsExactly("dev", "prod");
        assertThat(tf.environments(root)).allMatch(e -> e.kind() == TfEnvironment.Kind.TFVARS);
        assertThat(root.readsWorkspace()).isTrue();
        assertThat(root.settings().backend().orElseThrow().label(0)).isEqualTo("azurerm");
        assertThat(root.settings().requiredProvider("azurerm").orElseThrow().version()).hasValue("~> 4.44");
        LockFile lock = tf.lockFile(root).orElseThrow();
        assertThat(lock.provider("registry.terraform.io/hashicorp/azurerm").orElseThrow().version()).hasValue("4.44.0");
    }

    @Test
    void namesTagsAndSettingsAreEvaluatedPerEnvironmentThroughModuleCalls() {
        TerraformProject tf = fixtures();
        TfEnvironment dev = env(tf, "dev");
        TfEnvironment prod = env(tf, "prod");
        ResourceInstance kvProd = resource(tf, prod, "module.key_vault.azurerm_key_vault.this");
        assertThat(kvProd.value("name")).isEqualTo(Value.of("kv-fullchain-prod-7f3a"));
        assertThat(kvProd.value("soft_delete_retention_days")).isEqualTo(Value.of(90));
        assertThat(resource(tf, dev, "module.key_vault.azurerm_key_vault.this").value("soft_delete_retention_days"))
                .isEqualTo(Value.of(7));
        // from a data source: known only when Terraform plans
        assertThat(kvProd.value("tenant_id")).isInstanceOf(Value.Unknown.class);
        // through another module's output (azurerm_resource_group.this.location = var.location, a default)
        assertThat(kvProd.value("location")).isEqualTo(Value.of("francecentral"));
        assertThat(kvProd.value("network_acls.default_action")).isEqualTo(Value.of("Allow"));
        assertThat(kvProd.location("name").toString()).isEqualTo("terraform/modules/key-vault/main.tf:2");

        ResourceInstance acrDev = resource(tf, dev, "module.acr.azurerm_container_registry.this");
        assertThat(acrDev.value("name")).isEqualTo(Value.of("acrfullchaindev7f3a"));
        assertThat(acrDev.value("sku")).isEqualTo(Value.of("Basic"));
        assertThat(acrDev.value("admin_enabled")).isEqualTo(Value.of(false));

        Value tags = resource(tf, prod, "module.resource_group.azurerm_resource_group.this").value("tags");
        assertThat(tags.display()).isEqualTo(
                "{criticality = \"high\", environment = \"prod\", managed_by = \"terraform\", owner = \"platform-team\", project = \"fullchain\"}");
        assertThat(resource(tf, prod, "module.budget.azurerm_consumption_budget_resource_group.this").value("amount"))
                .isEqualTo(Value.of(100));

        TfEnvironment bootstrap = tf.environments(tf.bootstrapRoots().get(0)).get(0);
        ResourceInstance account = resource(tf, bootstrap, "azurerm_storage_account.state");
        assertThat(account.value("name")).isEqualTo(Value.of("stfullchaintfstate7f3a"));
        assertThat(account.value("blob_properties.versioning_enabled")).isEqualTo(Value.of(true));
        assertThat(account.value("blob_properties.delete_retention_policy.days")).isEqualTo(Value.of(30));
        assertThat(account.value("resource_group_name")).isEqualTo(Value.of("rg-fullchain-tfstate"));
        assertThat(account.value("not_written")).isEqualTo(Value.NULL);
        assertThat(account.value("id")).isEqualTo(Value.NULL);
        assertThat(resource(tf, bootstrap, "azurerm_storage_container.tfstate").value("storage_account_id"))
                .isInstanceOf(Value.Unknown.class);
    }

    @Test
    void theOriginOfAPassedThroughValueIsWhereItIsWritten() {
        TerraformProject tf = fixtures();
        ResourceInstance acr = resource(tf, env(tf, "dev"), "module.acr.azurerm_container_registry.this");
        ModuleInstance.Origin origin = acr.module().origin(acr.attribute("name").orElseThrow().expr());
        assertThat(origin.location().path()).isEqualTo("terraform/main.tf");
        assertThat(origin.instance().address()).isEmpty();
    }

    @Test
    void aVariableWithoutValueIsUnknownAndSaysWhy() throws IOException {
        TerraformProject tf = project(Map.of(
                "terraform/main.tf", """
                        variable "prefix" {
                          type = string
                        }
                        resource "azurerm_key_vault" "kv" {
                          name = "${var.prefix}-kv"
                        }
                        """));
        ResourceInstance kv = tf.resources(tf.environments().get(0)).get(0);
        Value name = kv.value("name");
        assertThat(name).isInstanceOf(Value.Unknown.class);
        assertThat(((Value.Unknown) name).reason()).contains("var.prefix").contains("no .tfvars file").contains("default");
    }

    @Test
    void aBrokenFileIsAProblemAndTheRestIsStillModelled() throws IOException {
        TerraformProject tf = project(Map.of(
                "terraform/main.tf", """
                        module "kv" {
                          source = "./modules/kv"
                          name   = "kv-${var.env}"
                        }
                        module "gone" {
                          source = "./modules/missing"
                        }
                        variable "env" {
                          type    = string
                          default = "dev"
                        }
                        """,
                "terraform/broken.tf", """
                        resource "azurerm_container_registry" "acr" {
                          sku = = "Basic"
                        }
                        """,
                "terraform/modules/kv/main.tf", """
                        variable "name" {
                          type = string
                        }
                        resource "azurerm_key_vault" "this" {
                          name = var.name
                        }
                        """));
        List<ConfigProblem> problems = tf.problems();
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).bad().location().toString()).isEqualTo("terraform/broken.tf:2");
        assertThat(problems.get(0).mayBe("resource", "azurerm_container_registry")).isTrue();
        assertThat(problems.get(0).mayBe("resource", "azurerm_key_vault")).isFalse();
        ModuleCall gone = tf.moduleCalls().stream().filter(m -> m.name().equals("gone")).findFirst().orElseThrow();
        assertThat(gone.sourceExists()).isFalse();
        assertThat(gone.localDir()).hasValue("terraform/modules/missing");
        ResourceInstance kv = tf.resources(tf.environments().get(0)).stream()
                .filter(r -> r.type().equals("azurerm_key_vault")).findFirst().orElseThrow();
        assertThat(kv.value("name")).isEqualTo(Value.of("kv-dev"));
        assertThat(kv.address()).isEqualTo("module.kv.azurerm_key_vault.this");
    }

    @Test
    void aTfvarsFileThatCannotBeParsedMakesItsVariablesUnknown() throws IOException {
        TerraformProject tf = project(Map.of(
                "terraform/main.tf", """
                        variable "owner" {
                          type = string
                        }
                        variable "project" {
                          type = string
                        }
                        resource "azurerm_resource_group" "rg" {
                          name = "rg-${var.project}"
                          tags = { owner = var.owner }
                        }
                        """,
                "terraform/environments/dev.tfvars", "owner = \"team\nproject = \"app\"\n"));
        TfEnvironment dev = env(tf, "dev");
        assertThat(dev.problems()).hasSize(1);
        assertThat(dev.problems().get(0).location().toString()).isEqualTo("terraform/environments/dev.tfvars:1");
        ResourceInstance rg = tf.resources(dev).get(0);
        assertThat(rg.value("name")).isEqualTo(Value.of("rg-app"));
        Value owner = ((Value.MapV) rg.value("tags")).entries().get("owner");
        assertThat(owner).isInstanceOf(Value.Unknown.class);
        assertThat(((Value.Unknown) owner).reason()).contains("terraform/environments/dev.tfvars");
    }

    @Test
    void countAndForEachAreExpandedWhenKnown() throws IOException {
        TerraformProject tf = project(Map.of(
                "terraform/main.tf", """
                        variable "enabled" {
                          type    = bool
                          default = false
                        }
                        variable "names" {
                          type    = map(string)
                          default = { a = "one", b = "two" }
                        }
                        resource "azurerm_resource_group" "optional" {
                          count = var.enabled ? 1 : 0
                          name  = "never"
                        }
                        resource "azurerm_resource_group" "each" {
                          for_each = var.names
                          name     = "rg-${each.key}-${each.value}"
                        }
                        resource "azurerm_resource_group" "counted" {
                          count = 2
                          name  = "rg-${count.index}"
                        }
                        output "first" {
                          value = azurerm_resource_group.counted[0].name
                        }
                        """));
        TfEnvironment e = tf.environments().get(0);
        assertThat(tf.resources(e)).extracting(ResourceInstance::address).containsExactly(
                "azurerm_resource_group.each[\"a\"]", "azurerm_resource_group.each[\"b\"]",
                "azurerm_resource_group.counted[0]", "azurerm_resource_group.counted[1]");
        assertThat(tf.resources(e).get(1).value("name")).isEqualTo(Value.of("rg-b-two"));
        assertThat(tf.resources(e).get(3).value("name")).isEqualTo(Value.of("rg-1"));
        assertThat(tf.instantiate(e).output("first")).isEqualTo(Value.of("rg-0"));
    }

    @Test
    void folderAndWorkspaceEnvironments() throws IOException {
        TerraformProject folders = project(Map.of(
                "terraform/modules/app/main.tf", "variable \"env\" {\n  type = string\n}\n",
                "terraform/envs/dev/main.tf", "module \"app\" {\n  source = \"../../modules/app\"\n  env    = \"dev\"\n}\n",
                "terraform/envs/prod/main.tf", "module \"app\" {\n  source = \"../../modules/app\"\n  env    = \"prod\"\n}\n",
                "terraform/envs/prod/terraform.tfvars", "x = 1\n"));
        assertThat(folders.environments()).extracting(TfEnvironment::name, TfEnvironment::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("dev", TfEnvironment.Kind.FOLDER),
                org.assertj.core.groups.Tuple.tuple("prod", TfEnvironment.Kind.FOLDER));
        assertThat(folders.environments().get(1).varFiles()).hasSize(1);

        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        TerraformProject workspaces = project(Map.of("terraform/main.tf", """
                locals {
                  settings = {
                    dev  = { size = "small" }
                    prod = { size = "large" }
                  }
                  size = local.settings[terraform.workspace].size
                }
                """));
        assertThat(workspaces.environments()).extracting(TfEnvironment::name).containsExactly("dev", "prod");
        TfEnvironment prod = workspaces.environments().get(1);
        assertThat(prod.workspace()).hasValue("prod");
        assertThat(workspaces.instantiate(prod).local("size")).isEqualTo(Value.of("large"));
    }

    @Test
    void noTfFileAnywhereIsMissingSaidOnceWithTheKeyToSet() throws IOException {
        Files.writeString(dir.resolve("README.md"), "# no infrastructure yet\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TerraformProject.load(Target.open(dir)))
                .isInstanceOf(Missing.class)
                .hasMessageContaining("Terraform configuration")
                .hasMessageContaining("terraform: in fullchain.yaml")
                .satisfies(e -> assertThat(((Missing) e).key()).isEqualTo("terraform"));
    }

    @Test
    void rootsBootstrapAndModulesAreFoundAnywhereNearestFirst() throws IOException {
        TerraformProject tf = project(Map.of(
                "ops/iac/live/main.tf", "terraform {\n  backend \"azurerm\" {}\n}\nmodule \"kv\" {\n  source = \"../blocks/vault\"\n}\n",
                "ops/iac/state-bootstrap/main.tf", "resource \"azurerm_storage_account\" \"s\" {}\n",
                "ops/iac/blocks/vault/main.tf", "resource \"azurerm_key_vault\" \"this\" {}\n",
                "ops/iac/live/examples/demo/main.tf", "resource \"azurerm_resource_group\" \"demo\" {}\n"));
        assertThat(tf.baseDir()).hasValue("ops/iac");
        assertThat(tf.applicationRoots()).extracting(TerraformConfig::dir).containsExactly("ops/iac/live");
        assertThat(tf.bootstrapRoots()).extracting(TerraformConfig::dir).containsExactly("ops/iac/state-bootstrap");
        assertThat(tf.modules()).extracting(TerraformConfig::dir).containsExactly("ops/iac/blocks/vault");
    }

    @Test
    void fullchainYamlNamesTheRootBootstrapAndModules() throws IOException {
        TerraformProject tf = project(Map.of(
                "fullchain.yaml", "terraform:\n  root: cloud/app\n  bootstrap: cloud/seed\n  modules: cloud/parts\n",
                "cloud/app/main.tf", "module \"acr\" {\n  source = \"../parts/acr\"\n}\n",
                "cloud/seed/main.tf", "resource \"azurerm_storage_account\" \"s\" {}\n",
                "cloud/parts/acr/main.tf", "resource \"azurerm_container_registry\" \"this\" {}\n",
                "cloud/parts/unused/main.tf", "resource \"azurerm_key_vault\" \"this\" {}\n",
                "scratch/main.tf", "resource \"azurerm_resource_group\" \"try\" {}\n"));
        assertThat(tf.applicationRoots()).extracting(TerraformConfig::dir).containsExactly("cloud/app");
        assertThat(tf.bootstrapRoots()).extracting(TerraformConfig::dir).containsExactly("cloud/seed");
        assertThat(tf.modules()).extracting(TerraformConfig::dir).containsExactlyInAnyOrder("cloud/parts/acr", "cloud/parts/unused");
        assertThat(tf.configs()).extracting(TerraformConfig::dir).doesNotContain("scratch");
    }

    @Test
    void aRootNamedInFullchainYamlWithoutTfFilesIsMissingWithItsLine() throws IOException {
        Files.writeString(dir.resolve("fullchain.yaml"), "compose: compose.yaml\nterraform: infra/live\n");
        Files.createDirectories(dir.resolve("infra/other"));
        Files.writeString(dir.resolve("infra/other/main.tf"), "resource \"azurerm_resource_group\" \"g\" {}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TerraformProject.load(Target.open(dir)))
                .isInstanceOf(Missing.class)
                .hasMessageContaining("infra/live")
                .hasMessageContaining("fullchain.yaml:2")
                .satisfies(e -> assertThat(((Missing) e).key()).isEqualTo("terraform.root"));
    }

    @Test
    void oneRootPerEnvironmentFolderAndWorkspacesWithTfvars() throws IOException {
        TerraformProject folders = project(Map.of(
                "terraform/envs/dev/main.tf", "terraform {\n  backend \"azurerm\" {\n    key = \"dev\"\n  }\n}\n",
                "terraform/envs/prod/main.tf", "terraform {\n  backend \"azurerm\" {\n    key = \"prod\"\n  }\n}\n"));
        assertThat(folders.applicationRoots()).extracting(TerraformConfig::dir).containsExactly("terraform/envs/dev", "terraform/envs/prod");
        assertThat(folders.environments()).extracting(TfEnvironment::kind).containsOnly(TfEnvironment.Kind.FOLDER);

        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        TerraformProject workspaces = project(Map.of(
                "infra/live/main.tf", "variable \"owner\" {\n  type = string\n}\nlocals {\n  env = terraform.workspace\n}\n",
                "infra/live/env/dev.tfvars", "owner = \"a\"\n",
                "infra/live/env/prod.tfvars", "owner = \"b\"\n"));
        TfEnvironment prod = env(workspaces, "prod");
        assertThat(prod.kind()).isEqualTo(TfEnvironment.Kind.TFVARS);
        assertThat(prod.workspace()).as("the workspace is named after the environment whose values are used").hasValue("prod");
        assertThat(workspaces.instantiate(prod).local("env")).isEqualTo(Value.of("prod"));
    }

    @Test
    void workspaceNamesAreReadFromTheComparisonsWithTerraformWorkspace() throws IOException {
        TerraformProject tf = project(Map.of("terraform/main.tf", """
                resource "terraform_data" "guard" {
                  lifecycle {
                    precondition {
                      condition     = contains(["dev", "prod"], terraform.workspace)
                      error_message = "Select the dev or prod workspace."
                    }
                  }
                }
                locals {
                  sku = terraform.workspace == "prod" ? "Standard" : "Basic"
                }
                """));
        assertThat(tf.environments()).extracting(TfEnvironment::name).containsExactly("dev", "prod");
        assertThat(tf.instantiate(env(tf, "prod")).local("sku")).isEqualTo(Value.of("Standard"));
    }
}

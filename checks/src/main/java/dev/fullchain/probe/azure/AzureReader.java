package dev.fullchain.probe.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.AzureResourceManager;
import com.azure.resourcemanager.containerregistry.models.Registry;
import com.azure.resourcemanager.keyvault.models.Vault;
import com.azure.resourcemanager.storage.StorageManager;
import com.azure.resourcemanager.storage.fluent.models.BlobServicePropertiesInner;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Azure says exists, read-only: every call here is a GET (list or get) through a
 * pipeline whose {@link ReadOnlyGuard} refuses anything else. Answers are plain facts;
 * whether they are right is for the checks to say. Absent resources are empty, other
 * errors (no permission, throttling) are thrown with Azure's own message.
 */
public final class AzureReader {

    /** Microsoft.Consumption budgets (the Resource Manager SDK has no client for them). */
    static final String BUDGETS_API_VERSION = "2023-05-01";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AzureResourceManager arm;
    private final HttpClient http;
    private final TokenCredential credential;
    private final ReadOnlyGuard guard;
    private final String resourceManagerEndpoint;

    public AzureReader(AzureResourceManager arm, HttpClient http, TokenCredential credential, ReadOnlyGuard guard,
                       String resourceManagerEndpoint) {
        this.arm = arm;
        this.http = http;
        this.credential = credential;
        this.guard = guard;
        this.resourceManagerEndpoint = resourceManagerEndpoint.endsWith("/") ? resourceManagerEndpoint : resourceManagerEndpoint + "/";
    }

    public String subscriptionId() {
        return arm.subscriptionId();
    }

    public record RegistryFacts(String id, String sku, boolean adminUserEnabled) {
    }

    public record VaultFacts(String id, boolean rbacAuthorization, boolean purgeProtection, boolean softDelete) {
    }

    public record StorageAccountFacts(String id, String blobEndpoint) {
    }

    public record BudgetFacts(String id, String name, BigDecimal amount, String timeGrain) {
    }

    public Optional<RegistryFacts> registry(String resourceGroup, String name) {
        return absentOn404(() -> {
            Registry r = arm.containerRegistries().getByResourceGroup(resourceGroup, name);
            return new RegistryFacts(r.id(), r.sku() == null || r.sku().name() == null ? "" : r.sku().name().toString(),
                    r.adminUserEnabled());
        });
    }

    public Optional<VaultFacts> vault(String resourceGroup, String name) {
        return absentOn404(() -> {
            Vault v = arm.vaults().getByResourceGroup(resourceGroup, name);
            return new VaultFacts(v.id(), v.roleBasedAccessControlEnabled(), v.purgeProtectionEnabled(), v.softDeleteEnabled());
        });
    }

    public Optional<StorageAccountFacts> storageAccount(String resourceGroup, String name) {
        return absentOn404(() -> {
            StorageAccount a = arm.storageAccounts().getByResourceGroup(resourceGroup, name);
            String blob = a.endPoints() == null || a.endPoints().primary() == null ? null : a.endPoints().primary().blob();
            return new StorageAccountFacts(a.id(), blob);
        });
    }

    /** Blob versioning of the account's blob service: empty when the account is not there. */
    public Optional<Boolean> blobVersioning(String resourceGroup, String account) {
        return absentOn404(() -> {
            BlobServicePropertiesInner p = storage().serviceClient().getBlobServices().getServiceProperties(resourceGroup, account);
            return Boolean.TRUE.equals(p.isVersioningEnabled());
        });
    }

    public boolean containerExists(String resourceGroup, String account, String container) {
        return absentOn404(() -> storage().serviceClient().getBlobContainers().get(resourceGroup, account, container)).isPresent();
    }

    /**
     * The names of the blobs starting with {@code prefix} (a List Blobs GET on the data plane,
     * with the login's Entra ID token: it needs the Storage Blob Data Reader role).
     */
    public List<String> blobNames(String blobEndpoint, String container, String prefix) {
        BlobContainerClient client = new BlobContainerClientBuilder()
                .endpoint(blobEndpoint.endsWith("/") ? blobEndpoint + container : blobEndpoint + "/" + container)
                .credential(credential)
                .httpClient(http)
                .addPolicy(guard)
                .buildClient();
        List<String> names = new ArrayList<>();
        for (BlobItem b : client.listBlobs(new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(100), TIMEOUT)) {
            names.add(b.getName());
            if (names.size() >= 1000) {
                break;
            }
        }
        return names;
    }

    /** Consumption budgets on the subscription (empty group) or on one resource group. */
    public List<BudgetFacts> budgets(Optional<String> resourceGroup) {
        String scope = "subscriptions/" + enc(subscriptionId())
                + resourceGroup.map(g -> "/resourceGroups/" + enc(g)).orElse("");
        String url = resourceManagerEndpoint + scope + "/providers/Microsoft.Consumption/budgets?api-version=" + BUDGETS_API_VERSION;
        List<BudgetFacts> out = new ArrayList<>();
        HttpPipeline pipeline = arm.genericResources().manager().httpPipeline();
        for (int page = 0; url != null && page < 20; page++) {
            try (HttpResponse r = pipeline.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
                String body = r.getBodyAsBinaryData() == null ? "" : r.getBodyAsBinaryData().toString();
                if (r.getStatusCode() == 404 && resourceGroup.isPresent()) {
                    return out;
                }
                if (r.getStatusCode() != 200) {
                    throw new IllegalStateException("GET " + url.replaceFirst("\\?.*", "") + " answered " + r.getStatusCode() + ": "
                            + body.substring(0, Math.min(body.length(), 400)));
                }
                JsonNode root = JSON.readTree(body);
                for (JsonNode b : root.path("value")) {
                    JsonNode amount = b.path("properties").path("amount");
                    out.add(new BudgetFacts(b.path("id").asText(""), b.path("name").asText(""),
                            amount.isNumber() ? amount.decimalValue() : null, b.path("properties").path("timeGrain").asText("")));
                }
                url = root.hasNonNull("nextLink") ? root.get("nextLink").asText() : null;
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the budgets of " + scope, e);
            }
        }
        return out;
    }

    private StorageManager storage() {
        return arm.storageAccounts().manager();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private interface Read<T> {
        T get();
    }

    private static <T> Optional<T> absentOn404(Read<T> read) {
        try {
            return Optional.ofNullable(read.get());
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}

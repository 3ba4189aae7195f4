package dev.fullchain.selftest.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for Azure on 127.0.0.1, over HTTPS with a certificate made at start
 * (keytool, SAN=IP:127.0.0.1): Entra ID's token endpoint (client credentials), Azure Resource
 * Manager GETs for the resources the reference fixtures declare for dev (registry, key vault,
 * state storage account, its blob service and container, consumption budgets), and the blob
 * service's List Blobs. Bodies have the shape of the real REST API's answers. The canned state
 * is a JSON tree that tests (and live mutants) edit by dotted path. Every request is recorded.
 */
public final class FakeAzure implements AutoCloseable {

    public static final String SUBSCRIPTION = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
    public static final String TENANT = "9b1c7e0a-5d3f-4c2b-8a6e-1f0d2c3b4a59";
    public static final String CLIENT_ID = "6a0e1d2c-3b4a-4f5e-9d8c-7b6a5f4e3d2c";
    public static final String CLIENT_SECRET = "fake-client-secret-for-the-local-fake-only";

    static final String APP_RG = "rg-fullchain-dev";
    static final String STATE_RG = "rg-fullchain-tfstate";
    static final String REGISTRY = "acrfullchaindev7f3a";
    static final String VAULT = "kv-fullchain-dev-7f3a";
    static final String ACCOUNT = "stfullchaintfstate7f3a";
    static final String CONTAINER = "tfstate";
    static final String BUDGET = "budget-fullchain-dev";
    static final String STATE_BLOB = "fullchain.tfstateenv:dev";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received: method, path (decoded), query. */
    public record Request(String method, String path, String query, boolean bearer) {
        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    private final Path dir;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final ObjectNode state;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final String token = "fake-arm-token-" + UUID.randomUUID();
    private volatile boolean acceptLogin = true;

    private FakeAzure(Path dir, HttpsServer server, ExecutorService executor) {
        this.dir = dir;
        this.server = server;
        this.executor = executor;
        this.state = cannedState(server.getAddress().getPort());
    }

    public static FakeAzure start() {
        try {
            Path dir = Files.createTempDirectory("fullchain-fake-azure-");
            Path keyStore = dir.resolve("server.p12");
            Path cert = dir.resolve("server.cer");
            Path trust = dir.resolve("trust.p12");
            keytool("-genkeypair", "-alias", "fake-azure", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                    "-keystore", keyStore.toString(), "-storepass", "changeit", "-keypass", "changeit");
            keytool("-exportcert", "-alias", "fake-azure", "-keystore", keyStore.toString(), "-storepass", "changeit",
                    "-file", cert.toString());
            keytool("-importcert", "-noprompt", "-alias", "fake-azure", "-file", cert.toString(), "-storetype", "PKCS12",
                    "-keystore", trust.toString(), "-storepass", "changeit");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, "changeit".toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "changeit".toCharArray());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(ssl));
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "fake-azure");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            FakeAzure fake = new FakeAzure(dir, server, executor);
            server.createContext("/", fake::handle);
            server.start();
            return fake;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the fake Azure: " + e.getMessage(), e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Run settings that point fullchain's Azure connection (its SDK configuration) at this fake. */
    public Map<String, String> params() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("live", "azure");
        p.put("azure.subscription", SUBSCRIPTION);
        p.put("azure.tenant", TENANT);
        p.put("azure.clientId", CLIENT_ID);
        p.put("azure.clientSecret", CLIENT_SECRET);
        p.put("azure.endpoint", url());
        p.put("azure.authorityHost", url());
        p.put("azure.trustStore", dir.resolve("trust.p12").toString());
        p.put("azure.trustStorePassword", "changeit");
        return p;
    }

    /** Makes the token endpoint refuse the client (as Entra ID does for a wrong secret). */
    public FakeAzure refusingLogin() {
        acceptLogin = false;
        return this;
    }

    /**
     * Edits the canned state: {@code registry.properties.adminUserEnabled = true}; a null value
     * removes the node ({@code registry = null}: the registry does not exist).
     */
    public FakeAzure set(String dottedPath, Object value) {
        String[] parts = dottedPath.split("\\.");
        JsonNode node = state;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.get(parts[i]);
            if (!(node instanceof ObjectNode)) {
                throw new IllegalArgumentException("the fake's state has no object at " + dottedPath + " (stops at " + parts[i] + ")");
            }
        }
        ObjectNode parent = (ObjectNode) node;
        String last = parts[parts.length - 1];
        if (!parent.has(last)) {
            throw new IllegalArgumentException("the fake's state has nothing at " + dottedPath + ": a stale edit");
        }
        if (value == null) {
            parent.remove(last);
        } else {
            parent.set(last, JSON.valueToTree(value));
        }
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public boolean isTokenRequest(Request r) {
        return r.method().equals("POST") && r.path().equals("/" + TENANT + "/oauth2/v2.0/token");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ serving

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            String query = ex.getRequestURI().getRawQuery();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            boolean bearer = auth != null && auth.equals("Bearer " + token);
            requests.add(new Request(method, path, query, bearer));
            byte[] body = ex.getRequestBody().readAllBytes();

            if (method.equals("POST") && path.equals("/" + TENANT + "/oauth2/v2.0/token")) {
                token(ex, new String(body, StandardCharsets.UTF_8));
                return;
            }
            if (!method.equals("GET")) {
                armError(ex, 405, "MethodNotAllowed", "The fake Azure serves GET only: " + method + " " + path);
                return;
            }
            if (!bearer) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization_uri=\"" + url() + TENANT
                        + "\", error=\"invalid_token\", error_description=\"The access token is missing or invalid.\"");
                armError(ex, 401, "InvalidAuthenticationToken", "The access token is missing or invalid.");
                return;
            }
            Map<String, String> q = query(query);
            if (q.containsKey("comp") && q.get("comp").equals("list") && "container".equals(q.get("restype"))) {
                listBlobs(ex, path, q.getOrDefault("prefix", ""));
                return;
            }
            if (path.toLowerCase(Locale.ROOT).endsWith("/providers/microsoft.consumption/budgets")) {
                ArrayNode value = JSON.createArrayNode();
                for (JsonNode r : resources()) {
                    String id = r.path("id").asText();
                    if (id.toLowerCase(Locale.ROOT).startsWith(path.toLowerCase(Locale.ROOT) + "/")) {
                        value.add(r);
                    }
                }
                json(ex, 200, JSON.createObjectNode().set("value", value));
                return;
            }
            for (JsonNode r : resources()) {
                if (r.path("id").asText().equalsIgnoreCase(path)) {
                    json(ex, 200, r);
                    return;
                }
            }
            String[] segments = path.split("/");
            armError(ex, 404, "ResourceNotFound", "The Resource '" + (segments.length >= 3
                    ? segments[segments.length - 3] + "/" + segments[segments.length - 2] + "/" + segments[segments.length - 1] : path)
                    + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFound");
        }
    }

    private List<JsonNode> resources() {
        synchronized (state) {
            List<JsonNode> out = new ArrayList<>();
            state.fields().forEachRemaining(e -> {
                if (e.getValue().has("id")) {
                    out.add(e.getValue().deepCopy());
                }
            });
            return out;
        }
    }

    private void token(HttpExchange ex, String form) throws IOException {
        Map<String, String> f = query(form);
        if (!acceptLogin || !CLIENT_ID.equals(f.get("client_id")) || !CLIENT_SECRET.equals(f.get("client_secret"))) {
            ObjectNode err = JSON.createObjectNode();
            err.put("error", "invalid_client");
            err.put("error_description", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the"
                    + " request is the client secret value, not the client secret ID.");
            err.putArray("error_codes").add(7000215);
            json(ex, 401, err);
            return;
        }
        ObjectNode ok = JSON.createObjectNode();
        ok.put("token_type", "Bearer");
        ok.put("expires_in", 3599);
        ok.put("ext_expires_in", 3599);
        ok.put("access_token", token);
        json(ex, 200, ok);
    }

    /** The blob service's List Blobs (XML), for the state account's container only. */
    private void listBlobs(HttpExchange ex, String path, String prefix) throws IOException {
        JsonNode account = state.get("stateAccount");
        JsonNode container = state.get("container");
        if (account == null || container == null || !path.equals("/" + ACCOUNT + "/" + CONTAINER)) {
            byte[] b = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ContainerNotFound</Code>"
                    + "<Message>The specified container does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/xml");
            ex.getResponseHeaders().add("x-ms-error-code", "ContainerNotFound");
            ex.sendResponseHeaders(404, b.length);
            ex.getResponseBody().write(b);
            return;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"")
                .append(url()).append(ACCOUNT).append("/\" ContainerName=\"").append(CONTAINER).append("\"><Prefix>")
                .append(prefix).append("</Prefix><MaxResults>100</MaxResults><Blobs>");
        for (JsonNode name : state.path("stateBlobs")) {
            if (name.asText().startsWith(prefix)) {
                xml.append("<Blob><Name>").append(name.asText()).append("</Name><Properties>")
                        .append("<Creation-Time>Mon, 23 Nov 2026 09:12:44 GMT</Creation-Time>")
                        .append("<Last-Modified>Tue, 24 Nov 2026 08:03:10 GMT</Last-Modified><Etag>0x8DE0C1F2A3B4C5D</Etag>")
                        .append("<Content-Length>18342</Content-Length><Content-Type>application/json</Content-Type>")
                        .append("<Content-MD5 /><BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier><AccessTierInferred>true</AccessTierInferred>")
                        .append("<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true</ServerEncrypted>")
                        .append("</Properties><Metadata /></Blob>");
            }
        }
        xml.append("</Blobs><NextMarker /></EnumerationResults>");
        byte[] b = xml.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        ex.getResponseHeaders().add("x-ms-version", "2025-11-05");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
    }

    private static void armError(HttpExchange ex, int status, String code, String message) throws IOException {
        ObjectNode err = JSON.createObjectNode();
        ObjectNode e = err.putObject("error");
        e.put("code", code);
        e.put("message", message);
        ex.getResponseHeaders().add("x-ms-failure-cause", "gateway");
        json(ex, status, err);
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().add("x-ms-request-id", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static Map<String, String> query(String q) {
        Map<String, String> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    // ------------------------------------------------------------------ the canned state

    /** What Azure holds after `terraform apply` of the reference fixtures (bootstrap, then dev). */
    private static ObjectNode cannedState(int port) {
        String sub = "/subscriptions/" + SUBSCRIPTION;
        String appRg = sub + "/resourceGroups/" + APP_RG;
        String stateRg = sub + "/resourceGroups/" + STATE_RG;
        String tagsDev = "{\"project\":\"fullchain\",\"environment\":\"dev\",\"owner\":\"platform-team\",\"managed_by\":\"terraform\"}";
        String tagsShared = "{\"project\":\"fullchain\",\"environment\":\"shared\",\"owner\":\"platform-team\",\"managed_by\":\"terraform\"}";
        String accountId = stateRg + "/providers/Microsoft.Storage/storageAccounts/" + ACCOUNT;
        String text = """
                {
                  "registry": {
                    "sku": {"name": "Basic", "tier": "Basic"},
                    "type": "Microsoft.ContainerRegistry/registries",
                    "id": "%1$s/providers/Microsoft.ContainerRegistry/registries/%3$s",
                    "name": "%3$s",
                    "location": "francecentral",
                    "tags": %8$s,
                    "systemData": {"createdBy": "platform-team@example.com", "createdByType": "User",
                                   "createdAt": "2026-11-23T09:20:11.5630000Z"},
                    "properties": {
                      "loginServer": "%3$s.azurecr.io",
                      "creationDate": "2026-11-23T09:20:11.5630000Z",
                      "provisioningState": "Succeeded",
                      "adminUserEnabled": false,
                      "policies": {
                        "quarantinePolicy": {"status": "disabled"},
                        "trustPolicy": {"type": "Notary", "status": "disabled"},
                        "retentionPolicy": {"days": 7, "lastUpdatedTime": "2026-11-23T09:20:15.1000000+00:00", "status": "disabled"},
                        "exportPolicy": {"status": "enabled"}
                      },
                      "encryption": {"status": "disabled"},
                      "dataEndpointEnabled": false,
                      "dataEndpointHostNames": [],
                      "privateEndpointConnections": [],
                      "publicNetworkAccess": "Enabled",
                      "networkRuleBypassOptions": "AzureServices",
                      "zoneRedundancy": "Disabled",
                      "anonymousPullEnabled": false
                    }
                  },
                  "vault": {
                    "id": "%1$s/providers/Microsoft.KeyVault/vaults/%4$s",
                    "name": "%4$s",
                    "type": "Microsoft.KeyVault/vaults",
                    "location": "francecentral",
                    "tags": %8$s,
                    "properties": {
                      "sku": {"family": "A", "name": "standard"},
                      "tenantId": "%10$s",
                      "networkAcls": {"bypass": "AzureServices", "defaultAction": "Allow", "ipRules": [], "virtualNetworkRules": []},
                      "accessPolicies": [],
                      "enabledForDeployment": false,
                      "enabledForDiskEncryption": false,
                      "enabledForTemplateDeployment": false,
                      "enableSoftDelete": true,
                      "softDeleteRetentionInDays": 7,
                      "enableRbacAuthorization": true,
                      "enablePurgeProtection": true,
                      "vaultUri": "https://%4$s.vault.azure.net/",
                      "provisioningState": "Succeeded",
                      "publicNetworkAccess": "Enabled"
                    }
                  },
                  "stateAccount": {
                    "sku": {"name": "Standard_ZRS", "tier": "Standard"},
                    "kind": "StorageV2",
                    "id": "%6$s",
                    "name": "%5$s",
                    "type": "Microsoft.Storage/storageAccounts",
                    "location": "francecentral",
                    "tags": %9$s,
                    "properties": {
                      "defaultToOAuthAuthentication": true,
                      "keyCreationTime": {"key1": "2026-11-23T09:05:02.1234567Z", "key2": "2026-11-23T09:05:02.1234567Z"},
                      "allowCrossTenantReplication": false,
                      "minimumTlsVersion": "TLS1_2",
                      "allowBlobPublicAccess": false,
                      "allowSharedKeyAccess": false,
                      "networkAcls": {"bypass": "AzureServices", "virtualNetworkRules": [], "ipRules": [], "defaultAction": "Allow"},
                      "supportsHttpsTrafficOnly": true,
                      "encryption": {
                        "services": {
                          "file": {"keyType": "Account", "enabled": true, "lastEnabledTime": "2026-11-23T09:05:02.2000000Z"},
                          "blob": {"keyType": "Account", "enabled": true, "lastEnabledTime": "2026-11-23T09:05:02.2000000Z"}
                        },
                        "keySource": "Microsoft.Storage"
                      },
                      "accessTier": "Hot",
                      "provisioningState": "Succeeded",
                      "creationTime": "2026-11-23T09:05:02.0000000Z",
                      "primaryEndpoints": {
                        "dfs": "%7$s%5$s-dfs/",
                        "web": "%7$s%5$s-web/",
                        "blob": "%7$s%5$s/",
                        "queue": "%7$s%5$s-queue/",
                        "table": "%7$s%5$s-table/",
                        "file": "%7$s%5$s-file/"
                      },
                      "primaryLocation": "francecentral",
                      "statusOfPrimary": "available"
                    }
                  },
                  "blobService": {
                    "sku": {"name": "Standard_ZRS", "tier": "Standard"},
                    "id": "%6$s/blobServices/default",
                    "name": "default",
                    "type": "Microsoft.Storage/storageAccounts/blobServices",
                    "properties": {
                      "cors": {"corsRules": []},
                      "deleteRetentionPolicy": {"allowPermanentDelete": false, "enabled": true, "days": 30},
                      "containerDeleteRetentionPolicy": {"enabled": true, "days": 30},
                      "isVersioningEnabled": true,
                      "changeFeed": {"enabled": false}
                    }
                  },
                  "container": {
                    "id": "%6$s/blobServices/default/containers/%11$s",
                    "name": "%11$s",
                    "type": "Microsoft.Storage/storageAccounts/blobServices/containers",
                    "etag": "\\"0x8DE0C1E9F1A2B3C\\"",
                    "properties": {
                      "immutableStorageWithVersioning": {"enabled": false},
                      "deleted": false,
                      "remainingRetentionDays": 0,
                      "defaultEncryptionScope": "$account-encryption-key",
                      "denyEncryptionScopeOverride": false,
                      "publicAccess": "None",
                      "leaseStatus": "Unlocked",
                      "leaseState": "Available",
                      "lastModifiedTime": "2026-11-23T09:05:40.0000000Z",
                      "hasImmutabilityPolicy": false,
                      "hasLegalHold": false
                    }
                  },
                  "budget": {
                    "id": "%1$s/providers/Microsoft.Consumption/budgets/%12$s",
                    "name": "%12$s",
                    "type": "Microsoft.Consumption/budgets",
                    "eTag": "\\"1dc5e4f3a2b1c0d\\"",
                    "properties": {
                      "timePeriod": {"startDate": "2026-11-01T00:00:00Z", "endDate": "2036-10-31T00:00:00Z"},
                      "timeGrain": "Monthly",
                      "amount": 50.0,
                      "currentSpend": {"amount": 3.71, "unit": "USD"},
                      "category": "Cost",
                      "notifications": {
                        "actual_GreaterThanOrEqualTo_80.000000_Percent": {
                          "enabled": true, "operator": "GreaterThanOrEqualTo", "threshold": 80.0,
                          "contactEmails": ["platform-team@example.com"], "contactRoles": [], "contactGroups": [],
                          "thresholdType": "Actual", "locale": "en-us"
                        },
                        "forecasted_GreaterThanOrEqualTo_100.000000_Percent": {
                          "enabled": true, "operator": "GreaterThanOrEqualTo", "threshold": 100.0,
                          "contactEmails": ["platform-team@example.com"], "contactRoles": [], "contactGroups": [],
                          "thresholdType": "Forecasted", "locale": "en-us"
                        }
                      }
                    }
                  },
                  "stateBlobs": ["%13$s"]
                }
                """.formatted(appRg, stateRg, REGISTRY, VAULT, ACCOUNT, accountId, "https://127.0.0.1:" + port + "/",
                tagsDev, tagsShared, TENANT, CONTAINER, BUDGET, STATE_BLOB);
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.fullchain.env.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Configuration;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.AzureResourceManager;
import dev.fullchain.env.Environment;
import dev.fullchain.probe.azure.AzureReader;
import dev.fullchain.probe.azure.ReadOnlyGuard;
import dev.fullchain.secrets.Secrets;
import dev.fullchain.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.opentest4j.TestAbortedException;

/**
 * An Azure subscription seen through the learner's own login, read-only. Started once per
 * run when a live Azure check asks for it: it builds the SDK's HTTP client, credential
 * (DefaultAzureCredential: environment, workload identity, managed identity, az login...)
 * and Resource Manager client from {@link AzureSettings}, and first asks for a token, so that
 * "no login" skips the checks with the way to log in instead of failing them.
 */
public final class AzureLive implements Environment {

    static final String NO_LOGIN = "no Azure login: run `az login` (or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET,"
            + " or use a workload identity), then run again with -Dlive=azure";
    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(60);

    private final AzureSettings settings;
    private final AzureReader reader;
    private final ReadOnlyGuard guard;

    private AzureLive(AzureSettings settings, AzureReader reader, ReadOnlyGuard guard) {
        this.settings = settings;
        this.reader = reader;
        this.guard = guard;
    }

    /**
     * Connects, or aborts (a skip with the reason) when there is no usable login or no
     * subscription to look in. The target is not read: what to compare comes from the checks.
     */
    public static AzureLive start(Target target, AzureSettings settings) {
        HttpClient http = httpClient(settings);
        AzureEnvironment environment = environment(settings);
        TokenCredential credential = credential(settings, http);
        requireToken(credential, environment);
        ReadOnlyGuard guard = new ReadOnlyGuard();
        AzureProfile profile = new AzureProfile(settings.tenant().orElse(null), settings.subscription().orElse(null), environment);
        AzureResourceManager.Authenticated authenticated = AzureResourceManager.configure()
                .withHttpClient(http)
                .withPolicy(guard)
                .authenticate(credential, profile);
        AzureResourceManager arm;
        if (settings.subscription().isPresent()) {
            arm = authenticated.withSubscription(settings.subscription().get());
        } else {
            try {
                arm = authenticated.withDefaultSubscription();
            } catch (RuntimeException e) {
                throw new TestAbortedException("no Azure subscription chosen, and the login does not have exactly one: add"
                        + " -Dazure.subscription=<id> (or set AZURE_SUBSCRIPTION_ID) — " + firstLine(e));
            }
        }
        return new AzureLive(settings, new AzureReader(arm, http, credential, guard, environment.getResourceManagerEndpoint()), guard);
    }

    public AzureSettings settings() {
        return settings;
    }

    public AzureReader reader() {
        return reader;
    }

    public String subscriptionId() {
        return reader.subscriptionId();
    }

    /** Every request sent so far ("GET url → status"), in order. */
    public List<String> requests() {
        return guard.log();
    }

    @Override
    public Map<String, String> diagnostics() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("azure settings", settings.toString());
        d.put("azure requests (read-only)", String.join("\n", guard.log()));
        return d;
    }

    @Override
    public void close() {
        // Nothing to stop: no resource was created, the HTTP client has no open state to release.
    }

    @Override
    public String toString() {
        return "Azure (" + settings + ")";
    }

    // ------------------------------------------------------------------ the SDK's configuration

    /** Real Azure unless another Resource Manager (and Entra ID) endpoint is configured. */
    static AzureEnvironment environment(AzureSettings settings) {
        if (settings.publicCloud() && settings.authorityHost().equals(withSlash(AzureEnvironment.AZURE.getActiveDirectoryEndpoint()))) {
            return AzureEnvironment.AZURE;
        }
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", settings.resourceManagerEndpoint());
        endpoints.put("activeDirectoryEndpointUrl", settings.authorityHost());
        return new AzureEnvironment(endpoints);
    }

    /** The JDK's HttpClient (not Netty: see pom.xml), trusting the JDK's CAs plus an optional trust store. */
    static HttpClient httpClient(AzureSettings settings) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (settings.trustStore().isPresent()) {
            jdk.sslContext(sslContext(Path.of(settings.trustStore().get()), settings.trustStorePassword().orElse("")));
        }
        return new JdkHttpClientBuilder(jdk)
                .connectionTimeout(Duration.ofSeconds(15))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    @SuppressWarnings("deprecation") // Configuration.put: the documented way to give a credential its settings in code
    static TokenCredential credential(AzureSettings settings, HttpClient http) {
        Configuration configuration = Configuration.getGlobalConfiguration().clone();
        settings.tenant().ifPresent(t -> configuration.put(Configuration.PROPERTY_AZURE_TENANT_ID, t));
        settings.clientId().ifPresent(c -> configuration.put(Configuration.PROPERTY_AZURE_CLIENT_ID, c));
        settings.clientSecret().ifPresent(s -> configuration.put(Configuration.PROPERTY_AZURE_CLIENT_SECRET, s));
        configuration.put(Configuration.PROPERTY_AZURE_AUTHORITY_HOST, settings.authorityHost());
        Optional.ofNullable(configuration.get(Configuration.PROPERTY_AZURE_CLIENT_SECRET)).ifPresent(Secrets::register);
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
                .configuration(configuration)
                .authorityHost(settings.authorityHost())
                .httpClient(http);
        settings.tenant().ifPresent(builder::tenantId);
        if (!settings.authorityHost().equals(withSlash(AzureEnvironment.AZURE.getActiveDirectoryEndpoint()))) {
            // A private authority is not in Entra ID's public instance list.
            builder.disableInstanceDiscovery();
        }
        return builder.build();
    }

    private static void requireToken(TokenCredential credential, AzureEnvironment environment) {
        String scope = withSlash(environment.getManagementEndpoint()) + ".default";
        AccessToken token;
        try {
            token = credential.getToken(new TokenRequestContext().addScopes(scope)).block(TOKEN_TIMEOUT);
        } catch (RuntimeException e) {
            throw new TestAbortedException(NO_LOGIN + " (" + firstLine(e) + ")");
        }
        if (token == null || token.getToken() == null) {
            throw new TestAbortedException(NO_LOGIN + " (no token within " + TOKEN_TIMEOUT.toSeconds() + " s)");
        }
        Secrets.register(token.getToken());
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        String first = nl < 0 ? m : m.substring(0, nl);
        return first.length() > 300 ? first.substring(0, 300) + "…" : first;
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    /** The JDK's default trust plus the certificates of {@code trustStore} (PKCS12). */
    private static SSLContext sslContext(Path trustStore, String password) {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore extra = KeyStore.getInstance("PKCS12");
            extra.load(in, password.toCharArray());
            List<X509TrustManager> managers = new ArrayList<>();
            managers.add(trustManager(null));
            managers.add(trustManager(extra));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new EitherTrustManager(managers)}, null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("-Dazure.trustStore=" + trustStore + " cannot be read as a PKCS12 trust store: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store);
        for (TrustManager m : f.getTrustManagers()) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** Trusts a server chain that any of its managers trusts. */
    private record EitherTrustManager(List<X509TrustManager> managers) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            managers.get(0).checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            java.security.cert.CertificateException last = null;
            for (X509TrustManager m : managers) {
                try {
                    m.checkServerTrusted(chain, authType);
                    return;
                } catch (java.security.cert.CertificateException e) {
                    last = e;
                }
            }
            throw last;
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers())).toArray(X509Certificate[]::new);
        }
    }
}

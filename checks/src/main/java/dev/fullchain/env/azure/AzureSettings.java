package dev.fullchain.env.azure;

import com.azure.core.management.AzureEnvironment;
import com.azure.identity.AzureAuthorityHosts;
import dev.fullchain.secrets.Secrets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where and as whom the live Azure checks look, from run settings (JUnit configuration
 * parameters, which fall back to -D system properties) and the usual Azure environment
 * variables. Every default is real Azure; the endpoints exist for sovereign clouds, proxies
 * and fullchain's own tests.
 *
 * <ul>
 * <li>{@code azure.subscription} (else AZURE_SUBSCRIPTION_ID, ARM_SUBSCRIPTION_ID; else the
 *     only subscription the login sees)</li>
 * <li>{@code azure.tenant} (else AZURE_TENANT_ID)</li>
 * <li>{@code azure.env}: the Terraform environment whose resources are compared (default dev)</li>
 * <li>{@code azure.resourceGroup}: the resource group to look in when the code cannot tell it</li>
 * <li>{@code azure.endpoint}: Azure Resource Manager (default https://management.azure.com/)</li>
 * <li>{@code azure.authorityHost}: Entra ID (default https://login.microsoftonline.com/)</li>
 * <li>{@code azure.trustStore}, {@code azure.trustStorePassword}: a PKCS12 file of extra
 *     certificates to trust (a TLS-inspecting proxy), on top of the JDK's</li>
 * <li>{@code azure.clientId}, {@code azure.clientSecret}: a service principal, as
 *     AZURE_CLIENT_ID / AZURE_CLIENT_SECRET would give it (the secret is masked in output)</li>
 * </ul>
 */
public record AzureSettings(Optional<String> subscription, Optional<String> tenant, String environment,
                            Optional<String> resourceGroup, String resourceManagerEndpoint, String authorityHost,
                            Optional<String> trustStore, Optional<String> trustStorePassword,
                            Optional<String> clientId, Optional<String> clientSecret) {

    public static final String DEFAULT_ENVIRONMENT = "dev";

    /** Reads the settings: {@code params} are run settings by key, {@code env} the process environment. */
    public static AzureSettings from(Function<String, Optional<String>> params, Map<String, String> env) {
        Function<String, Optional<String>> p = k -> params.apply(k).map(String::trim).filter(s -> !s.isEmpty());
        Function<String, Optional<String>> e = k -> Optional.ofNullable(env.get(k)).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> secret = p.apply("azure.clientSecret");
        secret.ifPresent(Secrets::register);
        return new AzureSettings(
                p.apply("azure.subscription").or(() -> e.apply("AZURE_SUBSCRIPTION_ID")).or(() -> e.apply("ARM_SUBSCRIPTION_ID")),
                p.apply("azure.tenant").or(() -> e.apply("AZURE_TENANT_ID")),
                p.apply("azure.env").orElse(DEFAULT_ENVIRONMENT),
                p.apply("azure.resourceGroup"),
                withSlash(p.apply("azure.endpoint").orElse(AzureEnvironment.AZURE.getResourceManagerEndpoint())),
                withSlash(p.apply("azure.authorityHost").or(() -> e.apply("AZURE_AUTHORITY_HOST"))
                        .orElse(AzureAuthorityHosts.AZURE_PUBLIC_CLOUD)),
                p.apply("azure.trustStore"),
                p.apply("azure.trustStorePassword"),
                p.apply("azure.clientId"),
                secret);
    }

    /** Whether these settings reach real Azure (for messages). */
    public boolean publicCloud() {
        return resourceManagerEndpoint.equals(withSlash(AzureEnvironment.AZURE.getResourceManagerEndpoint()));
    }

    /** What identifies these settings: two runs with the same key share one environment. */
    public String key() {
        return String.join("|", subscription.orElse(""), tenant.orElse(""), resourceManagerEndpoint, authorityHost,
                trustStore.orElse(""), clientId.orElse(""));
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    @Override
    public String toString() {
        return "subscription " + subscription.orElse("(the login's only one)") + ", environment " + environment
                + ", Resource Manager " + resourceManagerEndpoint;
    }
}

package dev.fullchain.selftest.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Context;
import dev.fullchain.probe.azure.ReadOnlyGuard;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Azure SDK sits next to fabric8 without breaking it (Netty 4.2 for vert.x, the JDK's
 * HttpClient for Azure), and fullchain's read-only guard stops a write before it leaves.
 */
@Tag("selftest")
class AzureDependenciesTest {

    @Test
    void azureUsesTheJdkHttpClientAndNettyStaysAtFabric8sVersion() {
        assertThat(HttpClient.createDefault().getClass().getName()).contains("jdk");
        assertThatThrownBy(() -> Class.forName("com.azure.core.http.netty.NettyAsyncHttpClient"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(io.netty.util.Version.identify().get("netty-common").artifactVersion()).startsWith("4.2.");
    }

    @Test
    void fabric8StillWorksAfterTheAzureSdkHasRun() throws Exception {
        try (FakeAzure fake = FakeAzure.start()) {
            // Azure first, in this JVM: a GET through the SDK's pipeline to the fake.
            HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(trusting(fake)).policies(new ReadOnlyGuard()).build();
            try (var r = pipeline.sendSync(new HttpRequest(HttpMethod.GET, fake.url() + "subscriptions"), Context.NONE)) {
                assertThat(r.getStatusCode()).isEqualTo(401);
            }
        }
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try {
            ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName("probe").withNamespace("default").endMetadata()
                    .addToData("k", "v").build();
            server.expect().get().withPath("/api/v1/namespaces/default/configmaps/probe").andReturn(200, cm).once();
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder().withMasterUrl(server.url("/")).withTrustCerts(true).withNamespace("default").build())
                    .build()) {
                assertThat(client.configMaps().inNamespace("default").withName("probe").get().getData()).isEqualTo(Map.of("k", "v"));
            }
        } finally {
            server.destroy();
        }
    }

    @Test
    void theReadOnlyGuardRefusesWritesBeforeTheyAreSent() throws Exception {
        try (FakeAzure fake = FakeAzure.start()) {
            ReadOnlyGuard guard = new ReadOnlyGuard();
            HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(trusting(fake)).policies(guard).build();
            String registry = fake.url() + "subscriptions/" + FakeAzure.SUBSCRIPTION
                    + "/resourceGroups/rg-fullchain-dev/providers/Microsoft.ContainerRegistry/registries/acrfullchaindev7f3a";
            for (HttpMethod write : new HttpMethod[] {HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.POST}) {
                assertThatThrownBy(() -> pipeline.sendSync(new HttpRequest(write, registry), Context.NONE).close())
                        .hasMessageContaining("read-only").hasMessageContaining(write.toString());
                assertThatThrownBy(() -> pipeline.send(new HttpRequest(write, registry)).block())
                        .hasMessageContaining("read-only");
            }
            assertThat(fake.requests()).as("no write reached the fake").isEmpty();
            assertThat(guard.log()).allMatch(l -> l.endsWith("refused (fullchain is read-only)"));
        }
    }

    /** An SDK HTTP client that trusts the fake's certificate (what -Dazure.trustStore gives the harness). */
    private static HttpClient trusting(FakeAzure fake) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(fake.params().get("azure.trustStore")))) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ssl)).build();
    }
}

package dev.selfheal.e2e;

import dev.selfheal.core.Selfheal;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.kube.RbacManifests;
import dev.selfheal.core.observe.SelfhealListener;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.kube.KubeTestbed;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import java.util.Optional;

/**
 * A healer on the testbed as it runs in a cluster: under its own ServiceAccount with exactly the shipped
 * RBAC (applied by an administrator), with the providers of its configuration created through ServiceLoader.
 */
public final class HealerUnderTest implements AutoCloseable {

    private final Selfheal healer;
    private final KubernetesClient owned;

    private HealerUnderTest(Selfheal healer) {
        this(healer, null);
    }

    private HealerUnderTest(Selfheal healer, KubernetesClient owned) {
        this.healer = healer;
        this.owned = owned;
    }

    /** Applies the RBAC for the config's namespace, then builds and starts the healer with {@code listeners}. */
    public static HealerUnderTest start(KubeTestbed kube, SelfhealConfig config, List<SelfhealListener> listeners) {
        RbacManifests.apply(kube.client(), config.namespace(), "selfheal");
        Selfheal.Builder b = Selfheal.builder().client(kube.serviceAccountClient(config.namespace(), "selfheal")).config(config);
        listeners.forEach(b::listener);
        Selfheal healer = b.build();
        try {
            healer.start();
        } catch (RuntimeException e) {
            healer.close();
            throw e;
        }
        return new HealerUnderTest(healer);
    }

    /**
     * As {@link #start(KubeTestbed, SelfhealConfig, List)} on any cluster {@code admin} reaches (such as a plane of
     * real masters): the RBAC applied with {@code admin}, the healer's client a token of its ServiceAccount at
     * {@code admin}'s address, trusting {@code admin}'s CA.
     */
    public static HealerUnderTest start(KubernetesClient admin, SelfhealConfig config, List<SelfhealListener> listeners) {
        RbacManifests.apply(admin, config.namespace(), "selfheal");
        String token = admin.serviceAccounts().inNamespace(config.namespace()).withName("selfheal")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        Config a = admin.getConfiguration();
        Config c = new ConfigBuilder(Config.empty()).withMasterUrl(a.getMasterUrl()).withCaCertData(a.getCaCertData())
                .withCaCertFile(a.getCaCertFile()).withOauthToken(token).withRequestTimeout(30_000)
                .withConnectionTimeout(10_000).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(c).build();
        Selfheal.Builder b = Selfheal.builder().client(client).config(config);
        listeners.forEach(b::listener);
        Selfheal healer = b.build();
        try {
            healer.start();
        } catch (RuntimeException e) {
            healer.close();
            client.close();
            throw e;
        }
        return new HealerUnderTest(healer, client);
    }

    /** The healer. */
    public Selfheal healer() {
        return healer;
    }

    /** The remediation of a node, if this healer knows one. */
    public Optional<Remediation> remediation(String node) {
        return Optional.ofNullable(healer.remediations().get(node));
    }

    /** The state of a node's remediation, or null. */
    public RemediationState state(String node) {
        return remediation(node).map(Remediation::state).orElse(null);
    }

    /** The remediation's finished steps as {@code step=outcome}. */
    public List<String> history(String node) {
        return remediation(node).map(r -> r.history().stream().map(h -> h.step() + "=" + h.outcome()).toList()).orElse(List.of());
    }

    @Override
    public void close() {
        healer.close();
        if (owned != null) {
            owned.close();
        }
    }
}

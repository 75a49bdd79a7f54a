package dev.selfheal.core.kube;

import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Integration-test access to the testbed as the healer: a fresh namespace with the shipped RBAC applied by
 * the administrator, and clients acting as the healer's ServiceAccount (RBAC enforced).
 */
final class HealerAccess {

    static final String SERVICE_ACCOUNT = "selfheal";
    private static final SecureRandom RANDOM = new SecureRandom();

    private HealerAccess() {
    }

    /** A name unique across test runs sharing the testbed. */
    static String unique(String prefix) {
        StringBuilder b = new StringBuilder(prefix).append('-');
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 6; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** A new healer namespace with the shipped RBAC applied; waits until the ServiceAccount may list nodes. */
    static String namespaceWithRbac(KubeTestbed kube, String prefix) {
        String ns = unique(prefix);
        RbacManifests.apply(kube.client(), ns, SERVICE_ACCOUNT);
        KubernetesClient sa = kube.serviceAccountClient(ns, SERVICE_ACCOUNT);
        Await.until("RBAC of " + ns + "/" + SERVICE_ACCOUNT + " in effect", Duration.ofSeconds(20),
                () -> sa.nodes().list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build()) != null);
        return ns;
    }

    /** The healer's client, closed with the testbed. */
    static KubernetesClient healer(KubeTestbed kube, String ns) {
        return kube.serviceAccountClient(ns, SERVICE_ACCOUNT);
    }

    /** A healer client that counts its requests; the caller closes it. */
    static KubernetesClient countingHealer(KubeTestbed kube, String ns, RequestCounter counter) {
        Config cfg = kube.serviceAccountClient(ns, SERVICE_ACCOUNT).getConfiguration();
        return new KubernetesClientBuilder().withConfig(cfg)
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("selfheal-request-counter", counter))
                .build();
    }
}

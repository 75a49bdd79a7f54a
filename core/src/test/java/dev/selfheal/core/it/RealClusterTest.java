package dev.selfheal.core.it;

import dev.selfheal.core.kube.LeaseStormStateStore;
import dev.selfheal.core.kube.RbacManifests;
import dev.selfheal.testbed.kube.KubeTestbed;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the healer ITs: a real control plane with fast-heartbeating kwok nodes (Lease duration 4 s), the
 * healer's RBAC applied in {@link #NS}, and a client acting as the healer's ServiceAccount.
 */
abstract class RealClusterTest {

    static final String NS = "selfheal-it";
    static KubeTestbed kube;
    static KubernetesClient healerClient;

    @BeforeAll
    static void startCluster() {
        kube = KubeTestbed.builder().nodeLeaseDuration(Duration.ofSeconds(4)).start();
        RbacManifests.apply(kube.client(), NS, "selfheal");
        healerClient = kube.serviceAccountClient(NS, "selfheal");
    }

    /** Every test starts calm: the storm state a previous test's healer persisted is removed. */
    @BeforeEach
    void forgetStorms() {
        kube.client().leases().inNamespace(NS).withName(LeaseStormStateStore.LEASE_NAME).delete();
    }

    @AfterAll
    static void stopCluster() {
        if (kube != null) {
            kube.close();
            kube = null;
        }
    }
}

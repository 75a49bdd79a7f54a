package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.diagnosis.FailureClass;
import dev.selfheal.core.remediation.ConcurrentUpdateException;
import dev.selfheal.core.remediation.LeaseRemediationFormat;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import dev.selfheal.core.remediation.StepPhase;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestbedExtension.class)
class LeaseRemediationStoreIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final List<String> LADDER = List.of("restart-kubelet", "reboot", "fence", "release");

    @Test
    void recordsRoundTripWithOptimisticConcurrency(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-store");
        LeaseRemediationStore store = new LeaseRemediationStore(HealerAccess.healer(kube, ns), ns, Duration.ofSeconds(30));
        Remediation started = Remediation.start("r-1", "w1", "uid-1", FailureClass.NODE_UNREACHABLE, null, LADDER,
                "healer-a", T0, "no heartbeat");

        Stored created = store.create(started);
        assertThat(created.remediation()).isEqualTo(started);
        assertThat(store.load("w1")).contains(created);
        assertThatThrownBy(() -> store.create(started)).isInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("w1");

        Remediation acting = started.moveTo(RemediationState.REMEDIATING, T0.plusSeconds(1), "remediating")
                .phase(StepPhase.ACTING, T0.plusSeconds(1));
        Stored updated = store.update(created, acting);
        assertThat(updated.version()).isNotEqualTo(created.version());
        assertThat(store.load("w1").orElseThrow().remediation()).isEqualTo(acting);
        assertThatThrownBy(() -> store.update(created, acting.stepFinished("done", T0.plusSeconds(2), "ok")))
                .as("a write with the version read before the last update").isInstanceOf(ConcurrentUpdateException.class);

        Lease lease = kube.client().leases().inNamespace(ns).withName(LeaseRemediationFormat.leaseName("w1")).get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("healer-a");
        assertThat(lease.getSpec().getRenewTime().toInstant()).isEqualTo(T0.plusSeconds(1));
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(30);
        assertThat(lease.getMetadata().getLabels()).containsEntry(LeaseRemediationFormat.LABEL, LeaseRemediationStore.LABEL_VALUE);
        assertThat(LeaseRemediationFormat.fromJson("x", lease.getMetadata().getAnnotations()
                .get(LeaseRemediationFormat.ANNOTATION))).isEqualTo(acting);

        Stored other = store.create(Remediation.start("r-2", "w2", "uid-2", FailureClass.OS_FAILURE, null, LADDER,
                "healer-a", T0, "read-only root"));
        assertThat(store.loadAll()).containsExactlyInAnyOrder(updated, other);

        Stored takenOver = store.update(updated, acting.ownedBy("healer-b", T0.plusSeconds(5)));
        assertThatThrownBy(() -> store.delete(updated)).isInstanceOf(ConcurrentUpdateException.class);
        store.delete(takenOver);
        store.delete(takenOver);
        assertThat(store.load("w1")).isEmpty();
        assertThatThrownBy(() -> store.update(takenOver, acting)).as("an update of a deleted record")
                .isInstanceOf(ConcurrentUpdateException.class);
        assertThat(store.load("w1")).as("not re-created by the failed update").isEmpty();
        assertThat(store.loadAll()).containsExactly(other);
    }

    @Test
    void aRecordForAnotherNodeIsRefused(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-store");
        LeaseRemediationStore store = new LeaseRemediationStore(HealerAccess.healer(kube, ns), ns, Duration.ofSeconds(30));
        Stored w1 = store.create(Remediation.start("r-1", "w1", "u", FailureClass.NODE_UNREACHABLE, null, LADDER, "h", T0, ""));

        assertThatThrownBy(() -> store.update(w1, Remediation.start("r-9", "w9", "u", FailureClass.NODE_UNREACHABLE, null,
                LADDER, "h", T0, ""))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w1").hasMessageContaining("w9");
    }

    @Test
    void aMissingNamespaceIsNamedInTheError(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-store");
        LeaseRemediationStore store = new LeaseRemediationStore(HealerAccess.healer(kube, ns), "sh-store-missing",
                Duration.ofSeconds(30));

        assertThatThrownBy(() -> store.create(Remediation.start("r", "w1", "u", FailureClass.NODE_UNREACHABLE, null, LADDER,
                "h", T0, ""))).isInstanceOf(KubeOperationException.class)
                .hasMessageContaining("create the remediation record of node w1 in namespace sh-store-missing");
    }
}

package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pause switch through the healer's own RBAC: written by one party, seen by a watching healer. */
@ExtendWith(KubeTestbedExtension.class)
class LeasePauseSwitchIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aWatchingHealerFollowsTheSwitch(KubeTestbed kube) throws InterruptedException {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-pause");
        LeasePauseSwitch writer = new LeasePauseSwitch(kube.client(), ns);
        assertThat(writer.read()).as("never set").isEmpty();
        LinkedBlockingQueue<Boolean> flips = new LinkedBlockingQueue<>();
        try (LeasePauseSwitch healer = new LeasePauseSwitch(HealerAccess.healer(kube, ns), ns)) {
            healer.watch(() -> flips.add(Boolean.TRUE));
            assertThat(healer.isPaused()).isFalse();

            writer.write(new LeasePauseSwitch.State(true, "alice", T0, "maintenance"));
            assertThat(flips.poll(30, TimeUnit.SECONDS)).as("a flip reported").isNotNull();
            assertThat(healer.isPaused()).isTrue();
            assertThat(writer.read()).contains(new LeasePauseSwitch.State(true, "alice", T0, "maintenance"));

            writer.write(new LeasePauseSwitch.State(false, "bob", T0.plusSeconds(60), ""));
            assertThat(flips.poll(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(healer.isPaused()).isFalse();

            writer.write(new LeasePauseSwitch.State(true, "alice", T0, ""));
            assertThat(flips.poll(30, TimeUnit.SECONDS)).isNotNull();
            kube.client().leases().inNamespace(ns).withName(LeasePauseSwitch.LEASE_NAME).delete();
            assertThat(flips.poll(30, TimeUnit.SECONDS)).as("a deleted switch resumes").isNotNull();
            assertThat(healer.isPaused()).isFalse();
        }
    }
}

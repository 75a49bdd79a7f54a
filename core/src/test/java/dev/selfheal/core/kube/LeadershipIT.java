package dev.selfheal.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.clock.ManualClock;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import dev.selfheal.testbed.process.Await;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestbedExtension.class)
class LeadershipIT {

    @Test
    void exactlyOneLeadsAndTheOtherTakesOverWhenItCloses(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-lead");
        List<String> events = new CopyOnWriteArrayList<>();
        Leadership a = election(kube, ns, "healer-a", events);
        Leadership b = election(kube, ns, "healer-b", events);
        try {
            a.start();
            b.start();
            Await.until("one leader", Duration.ofSeconds(20), () -> a.isLeader() || b.isLeader());
            Leadership leader = a.isLeader() ? a : b;
            Leadership follower = leader == a ? b : a;
            for (int i = 0; i < 10; i++) {
                assertThat(a.isLeader() && b.isLeader()).as("both leaders").isFalse();
                pause(200);
            }
            assertThat(follower.isLeader()).isFalse();
            assertThat(follower.currentLeader()).isEqualTo(leader.identity());

            leader.close();
            assertThat(leader.isLeader()).isFalse();
            assertThat(events).contains(leader.identity() + " started", leader.identity() + " stopped");
            Lease released = kube.client().leases().inNamespace(ns).withName(Leadership.LEASE_NAME).get();
            assertThat(released.getSpec().getHolderIdentity()).as("released on close").isNotEqualTo(leader.identity());

            Await.until(follower.identity() + " takes over", Duration.ofSeconds(10), follower::isLeader);
            assertThat(events).endsWith(follower.identity() + " started");

            follower.close();
            assertThat(follower.isLeader()).isFalse();
            assertThat(events).endsWith(follower.identity() + " stopped");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aLeaderWhoseRenewalsStallStopsLeadingByTheInjectedClock(KubeTestbed kube) {
        String ns = HealerAccess.namespaceWithRbac(kube, "sh-lead");
        ManualClock clock = ManualClock.running();
        try (Leadership l = Leadership.builder(HealerAccess.healer(kube, ns)).namespace(ns).identity("healer-c")
                .leaseDuration(Duration.ofSeconds(30)).renewDeadline(Duration.ofSeconds(20))
                .retryPeriod(Duration.ofSeconds(5)).clock(clock).build()) {
            l.start();
            Await.until("healer-c leads", Duration.ofSeconds(20), l::isLeader);

            clock.advance(Duration.ofSeconds(21));

            assertThat(l.isLeader()).isFalse();
        }
    }

    private static Leadership election(KubeTestbed kube, String ns, String identity, List<String> events) {
        Leadership l = Leadership.builder(HealerAccess.healer(kube, ns)).namespace(ns).identity(identity)
                .leaseDuration(Duration.ofSeconds(4)).renewDeadline(Duration.ofSeconds(3))
                .retryPeriod(Duration.ofMillis(500)).build();
        l.addListener(new Leadership.Listener() {
            @Override
            public void onStartedLeading() {
                events.add(identity + " started");
            }

            @Override
            public void onStoppedLeading() {
                events.add(identity + " stopped");
            }
        });
        return l;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.kube.Leadership;
import dev.selfheal.core.kube.RbacManifests;
import dev.selfheal.core.remediation.RemediationState;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.PeerProcess;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A leader frozen with SIGSTOP in the middle of its fence call, resumed after another healer took over and healed
 * the node, sends nothing: no provider mutation (counted at a server of the test's own in front of moto, which
 * holds the frozen leader's StopInstances and then fails it so the SDK would retry), no record write, no Event.
 */
@ExtendWith(E2eClusterExtension.class)
class StaleLeaderIT {

    @Test
    void aLeaderPausedMidFenceAndResumedAfterAnotherTookOverSendsNothing(E2eCluster cluster) throws Exception {
        try (Scenario s = new Scenario(cluster, "stale"); AwsInfrastructure aws = new AwsInfrastructure(cluster.moto())) {
            CountDownLatch heldStop = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger mutationsAfterWake = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();
            try (FrontServer front = FrontServer.start(cluster.moto().endpoint(), null, null, (request, upstream) -> {
                if (isMutation(request.bodyText())) {
                    if (woken.get()) {
                        mutationsAfterWake.incrementAndGet();
                        return Answer.of(503, null, "");
                    }
                    if (request.bodyText().contains("Action=StopInstances")) {
                        heldStop.countDown();
                        await(release);
                        return Answer.of(503, null, ""); // the fence in flight fails: the SDK would retry it
                    }
                }
                return upstream.apply(request);
            })) {
                s.bridge(aws.machines(s.pool()), aws.size());
                s.apps().deployment("web", aws.size(), s.pool());
                s.apps().awaitRunning("web", aws.size());
                String ns = s.config().namespace();
                RbacManifests.apply(s.kube().client(), ns, "selfheal");
                try (PeerProcess stale = startHealer(s, ns, "stale-a", front.uri().toString(), cluster)) {
                    Await.until("stale-a leads", Duration.ofSeconds(60), () -> "stale-a".equals(holder(s, ns)));
                    s.heal(s.config().toBuilder().identity("stale-b").leader(HealerProcessMain.ELECTION)
                            .provider(aws.provider()).build());
                    String dead = s.readyNodes().get(0);
                    s.bridge().isolate(s.bridge().machineOfNode(dead).orElseThrow().key());
                    assertThat(heldStop.await(90, TimeUnit.SECONDS)).as("stale-a's StopInstances in flight").isTrue();
                    stale.freeze(true);

                    Await.until("stale-b leads", Duration.ofSeconds(60), () -> "stale-b".equals(holder(s, ns)));
                    s.awaitRemediation(dead, RemediationState.SUCCEEDED);
                    Instant wake = Instant.now();
                    woken.set(true);
                    stale.freeze(false);
                    release.countDown();
                    Thread.sleep(15_000); // the SDK's retries, the gateway's, the next evaluations of the woken healer

                    assertThat(mutationsAfterWake.get()).as("provider mutations sent by the woken healer").isZero();
                    assertThat(s.healer().remediation(dead).orElseThrow().owner()).isEqualTo("stale-b");
                    assertThat(eventsBy(s, "stale-a", wake)).as("Events posted by the woken healer").isEmpty();
                    assertThat(stale.isAlive()).isTrue();
                }
            }
        }
    }

    private static boolean isMutation(String body) {
        return body.contains("Action=StopInstances") || body.contains("Action=RebootInstances")
                || body.contains("Action=TerminateInstanceInAutoScalingGroup") || body.contains("Action=DetachVolume");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String holder(Scenario s, String ns) {
        Lease l = s.kube().client().leases().inNamespace(ns).withName(Leadership.LEASE_NAME).get();
        return l == null ? null : l.getSpec().getHolderIdentity();
    }

    /** Events of the healer {@code instance} created or repeated at or after {@code after} (second precision). */
    private static List<Event> eventsBy(Scenario s, String instance, Instant after) {
        Instant since = after.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return s.kube().client().events().v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> instance.equals(e.getReportingInstance()))
                .filter(e -> notBefore(e.getMetadata().getCreationTimestamp(), since)
                        || notBefore(e.getDeprecatedLastTimestamp(), since))
                .toList();
    }

    private static boolean notBefore(String timestamp, Instant since) {
        return timestamp != null && !Instant.parse(timestamp).isBefore(since);
    }

    /** The healer in a JVM of its own, under the scenario's ServiceAccount, its AWS endpoint {@code endpoint}. */
    private static PeerProcess startHealer(Scenario s, String ns, String identity, String endpoint, E2eCluster cluster)
            throws IOException {
        Path dir = Path.of("target", "stale-leader", identity).toAbsolutePath();
        Files.createDirectories(dir);
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.deleteIfExists(kubeconfig);
        Files.createFile(kubeconfig, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(kubeconfig, kubeconfig(s, ns));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return PeerProcess.start(identity, List.of(java, "-cp", System.getProperty("java.class.path"),
                HealerProcessMain.class.getName(), kubeconfig.toString(), ns, identity, endpoint, cluster.moto().region()),
                Map.of("MOTO_ACCESS_KEY_ID", cluster.moto().accessKeyId(), "MOTO_SECRET_ACCESS_KEY",
                        cluster.moto().secretAccessKey()), dir, dir.resolve("healer.log"));
    }

    private static String kubeconfig(Scenario s, String ns) throws IOException {
        String token = s.kube().client().serviceAccounts().inNamespace(ns).withName("selfheal")
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
                .getStatus().getToken();
        String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(s.kube().certificateAuthority().caPem()));
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: testbed\n  cluster:\n    server: " + s.kube().apiServerUrl()
                + "\n    certificate-authority-data: " + ca + "\ncontexts:\n- name: healer\n  context:\n    cluster: testbed\n"
                + "    user: healer\ncurrent-context: healer\nusers:\n- name: healer\n  user:\n    token: " + token + "\n";
    }
}

package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import dev.selfheal.spi.RetryableProviderException;
import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.toxiproxy.ToxiproxyExtension;
import dev.selfheal.testbed.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/**
 * The AWS provider behind Toxiproxy in front of a real moto server: latency, connection resets and hangs
 * end in a completed operation or a clear retryable error, never in a hang past the time limit, and a fence
 * is never reported without a confirmed stop.
 */
@ExtendWith({MotoExtension.class, ToxiproxyExtension.class})
class AwsFaultIT {

    private static final String ZONE = "us-east-1a";
    private static final Duration CALL_LIMIT = Duration.ofMillis(2500);
    private static final Duration OPERATION_LIMIT = Duration.ofSeconds(8);
    /** Slack for JVM and process scheduling on a shared 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static final AtomicInteger PROXIES = new AtomicInteger();

    private MotoWorld world;
    private Proxy proxy;
    private InfrastructureProvider provider;
    private String instanceId;
    private MachineRef machine;

    @BeforeEach
    void setUp(MotoServer moto, ToxiproxyServer toxiproxy) {
        moto.reset();
        world = new MotoWorld(moto, moto.region());
        proxy = toxiproxy.proxy("aws-fault-" + PROXIES.incrementAndGet(), moto.hostPort());
        provider = ProviderDiscovery.load().create(new ProviderContext(MotoWorld.config(moto, ToxiproxyServer.uri("http", proxy))
                .set("apiCallAttemptTimeout", "1s")
                .set("apiCallTimeout", CALL_LIMIT.toMillis() + "ms")
                .set("maxAttempts", "3")
                .set("operationTimeout", OPERATION_LIMIT.toSeconds() + "s")
                .build(), Clock.systemUTC()));
        instanceId = world.runInstance(ZONE);
        machine = provider.resolve(MotoWorld.node("worker-1", ZONE, instanceId)).orElseThrow();
    }

    @AfterEach
    void tearDown(ToxiproxyServer toxiproxy) {
        provider.close();
        world.close();
        toxiproxy.deleteAllProxies();
    }

    @Test
    void aVolumeAttachedToTheNewNodeWithinOnePollCountsAsDetachedFromTheFencedOne() throws Exception {
        String volume = world.attachDataVolume(instanceId, ZONE, "/dev/sdf");
        String newNode = world.runInstance(ZONE);
        provider.powerOff(machine);
        // Every answer through the proxy is late, so the volume is taken by the new node before the first poll reads it.
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 700);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<DetachResult> detach = pool.submit(() -> provider.detachVolumes(machine));
            dev.selfheal.testbed.process.Await.until("moto detached " + volume, Duration.ofSeconds(20),
                    () -> world.volume(volume).state() == VolumeState.AVAILABLE);
            world.attach(volume, newNode, "/dev/sdf");
            DetachResult result = detach.get(OPERATION_LIMIT.toMillis() - 1000, TimeUnit.MILLISECONDS);
            assertThat(result.volumeIds()).containsExactly(volume);
            assertThat(world.volume(volume).attachments()).extracting(a -> a.instanceId()).containsExactly(newNode);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void latencyBelowTheTimeoutsSlowsCallsButTheyComplete() throws IOException {
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
        long ms = millis(() -> provider.powerOff(machine));
        assertThat(world.state(instanceId)).isEqualTo(InstanceStateName.STOPPED);
        assertThat(ms).as("several calls, each 300 ms late").isGreaterThanOrEqualTo(600);
        assertThat(provider.powerOn(machine).detail()).contains("running");
    }

    @Test
    void latencyBeyondTheAttemptTimeoutFailsRetryableWithinTheCallLimit() throws IOException {
        proxy.toxics().latency("very-slow", ToxicDirection.DOWNSTREAM, 2000);
        long ms = millis(() -> assertThatThrownBy(() -> provider.status(machine))
                .isInstanceOf(RetryableProviderException.class)
                .hasMessageContaining("ec2:DescribeInstanceStatus").hasMessageContaining(instanceId)
                .hasMessageContaining("timed out"));
        assertThat(ms).isLessThan(CALL_LIMIT.plus(SLACK).toMillis());

        proxy.toxics().get("very-slow").remove();
        assertThat(provider.status(machine).power()).as("works again once the network heals").isEqualTo(PowerState.ON);
    }

    @Test
    void connectionResetsAreRetriedABoundedNumberOfTimesThenFailClearly() throws IOException {
        proxy.toxics().resetPeer("reset", ToxicDirection.UPSTREAM, 0);
        long ms = millis(() -> assertThatThrownBy(() -> provider.powerOff(machine))
                .isInstanceOf(RetryableProviderException.class)
                .hasMessageContaining("ec2:DescribeInstances").hasMessageContaining(instanceId)
                .hasMessageContaining("no answer from AWS"));
        assertThat(ms).isLessThan(CALL_LIMIT.plus(SLACK).toMillis());
        assertThat(world.state(instanceId)).as("nothing reached EC2").isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void intermittentResetsEndInAConfirmedFenceOrAClearError() throws IOException {
        proxy.toxics().resetPeer("flaky", ToxicDirection.UPSTREAM, 0).setToxicity(0.4f);
        long ms = millis(() -> {
            try {
                FenceResult fenced = provider.powerOff(machine);
                assertThat(fenced.confirmedState()).isEqualTo(PowerState.OFF);
                assertThat(world.state(instanceId)).isEqualTo(InstanceStateName.STOPPED);
            } catch (RetryableProviderException e) {
                assertThat(e.getMessage()).contains(instanceId).containsPattern("ec2:[A-Za-z]+");
            }
        });
        assertThat(ms).isLessThan(OPERATION_LIMIT.plus(CALL_LIMIT).plus(SLACK).toMillis());
    }

    @Test
    void aHangNeverOutlastsTheTimeLimitAndIsNeverReportedAsFenced() throws IOException {
        proxy.toxics().timeout("hang", ToxicDirection.UPSTREAM, 0);
        long ms = millis(() -> assertThatThrownBy(() -> provider.powerOff(machine))
                .isInstanceOf(RetryableProviderException.class)
                .hasMessageContaining("ec2:DescribeInstances").hasMessageContaining(instanceId)
                .hasMessageContaining("timed out"));
        assertThat(ms).isLessThan(CALL_LIMIT.plus(SLACK).toMillis());

        long replaceMs = millis(() -> assertThatThrownBy(() -> provider.replace(machine))
                .isInstanceOf(RetryableProviderException.class)
                .hasMessageContaining("autoscaling:DescribeAutoScalingInstances"));
        assertThat(replaceMs).isLessThan(CALL_LIMIT.plus(SLACK).toMillis());
        assertThat(world.state(instanceId)).isEqualTo(InstanceStateName.RUNNING);
    }

    private static long millis(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }
}

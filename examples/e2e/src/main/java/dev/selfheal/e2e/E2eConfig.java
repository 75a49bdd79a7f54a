package dev.selfheal.e2e;

import dev.selfheal.core.config.CheckSettings;
import dev.selfheal.core.config.GateSettings;
import dev.selfheal.core.config.MaxUnhealthy;
import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.config.ReleaseMode;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.vsphere.Vcsim;
import java.time.Duration;

/**
 * The healer configuration of the scenarios: a 10 s node threshold, the built-in ladders with short step
 * limits (a reboot that does not bring the node back within 5 s is given up), release by force-deleting the
 * fenced node's pods and VolumeAttachments (the testbed has no CSI driver), and permissive gates (every
 * scenario breaks one node of a small pool). Plus the provider settings for each peer.
 */
public final class E2eConfig {

    /** The node threshold of every scenario. */
    public static final Duration THRESHOLD = Duration.ofSeconds(10);

    private E2eConfig() {
    }

    /** The configuration for a healer with this namespace and identity, without providers. */
    public static SelfhealConfig healer(String namespace) {
        return SelfhealConfig.builder().namespace(namespace).identity(namespace + "-healer")
                .checks(CheckSettings.defaults().withNodeThreshold(THRESHOLD))
                .gates(new GateSettings(MaxUnhealthy.parse("50%"), Duration.ZERO, 2, 3, Duration.ofHours(1), Duration.ZERO,
                        "selfheal.dev/exclude"))
                .recovery(RecoverySettings.defaults().withReleaseMode(ReleaseMode.FORCE_DELETE).withBurnIn(Duration.ofSeconds(3))
                        .withStepTimeout("restart-component", Duration.ofSeconds(10))
                        .withStepTimeout("reboot", Duration.ofSeconds(5))
                        .withStepTimeout("fence", Duration.ofSeconds(90))
                        .withStepTimeout("release", Duration.ofSeconds(60))
                        .withStepTimeout("replace", Duration.ofSeconds(120))
                        .withStepTimeout("remove-node", Duration.ofSeconds(90)))
                .build();
    }

    /** The AWS provider on moto, with time limits for a local cloud. */
    public static ProviderConfig aws(MotoServer moto) {
        return ProviderConfig.builder("aws").set("region", moto.region()).set("endpoint", moto.endpoint().toString())
                .set("credentials", "static").secret("accessKeyId", moto.accessKeyId())
                .secret("secretAccessKey", moto.secretAccessKey())
                .set("apiCallTimeout", "10s").set("operationTimeout", "60s").set("replaceTimeout", "60s")
                .set("pollInterval", "200ms").build();
    }

    /** The vSphere provider on vcsim, re-creating VMs from {@code template}. */
    public static ProviderConfig vsphere(Vcsim vc, String template) {
        return ProviderConfig.builder("vsphere").set("url", vc.url().toString()).set("username", vc.username())
                .secret("password", vc.password()).set("tls.trustStore", vc.caPem().toString())
                .set("timeout.task", "60s").set("timeout.request", "20s")
                .set("replace.strategy", "template").set("replace.template", template).build();
    }

    /** The bare-metal provider on the Redfish emulator, re-provisioning by PXE; nodes name their BMC by labels. */
    public static ProviderConfig baremetal(RedfishEmulator bmc) {
        return baremetalBuilder(bmc).build();
    }

    /** As {@link #baremetal(RedfishEmulator)}, with {@code hook} run before each PXE boot ({@code replace.hook}). */
    public static ProviderConfig baremetal(RedfishEmulator bmc, java.nio.file.Path hook) {
        return baremetalBuilder(bmc).set("replace.hook", hook.toString()).set("replace.hookTimeout", "3m").build();
    }

    private static ProviderConfig.Builder baremetalBuilder(RedfishEmulator bmc) {
        return ProviderConfig.builder("baremetal").set("credentials", "config:bmc")
                .set("credentials.bmc.username", bmc.username()).secret("credentials.bmc.password", bmc.password())
                .set("tls.trustStore", bmc.caPem().toString())
                .set("pollInterval", "250ms").set("callTimeout", "10s").set("powerTimeout", "60s")
                .set("replace.mode", "pxe");
    }
}

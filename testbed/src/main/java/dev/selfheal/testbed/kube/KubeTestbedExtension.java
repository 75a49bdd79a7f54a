package dev.selfheal.testbed.kube;

import dev.selfheal.testbed.junit.PeerExtension;

/**
 * Hands tests a shared {@link KubeTestbed} with default options, started on first use and stopped at the
 * end of the run. Tests that need other options start their own with {@link KubeTestbed#builder()}.
 */
public final class KubeTestbedExtension extends PeerExtension<KubeTestbed> {

    /** Creates the extension. */
    public KubeTestbedExtension() {
        super(KubeTestbed.class, KubeTestbed::start);
    }
}

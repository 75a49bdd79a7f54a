package dev.selfheal.e2e;

import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.kube.KubeTestbed;
import java.time.Duration;

/**
 * The peers every scenario shares, started once per test run: a control plane with Kubernetes' defaults
 * (node-monitor-grace-period 50 s, default tolerations 300 s) whose kwok nodes renew their Lease every
 * second, and moto as the AWS cloud. Each scenario works in its own namespaces and machine pool and
 * removes its Nodes when it ends.
 *
 * @param kube the control plane
 * @param moto the AWS cloud
 */
record E2eCluster(KubeTestbed kube, MotoServer moto) implements AutoCloseable {

    static E2eCluster start() {
        KubeTestbed kube = KubeTestbed.builder().nodeLeaseDuration(Duration.ofSeconds(4)).start();
        try {
            return new E2eCluster(kube, MotoServer.start());
        } catch (RuntimeException | Error e) {
            kube.close();
            throw e;
        }
    }

    @Override
    public void close() {
        moto.close();
        kube.close();
    }
}

package dev.selfheal.deploy;

import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Prometheus operator's real ServiceMonitor, PodMonitor and PrometheusRule CRDs (from its Go module, provisioned by
 * {@code testbed/provision/provision.sh monitoring-crds}), installed on the testbed's API server.
 */
final class MonitoringCrds {

    private static final List<String> FILES = List.of("monitoring.coreos.com_servicemonitors.yaml",
            "monitoring.coreos.com_podmonitors.yaml", "monitoring.coreos.com_prometheusrules.yaml");

    private MonitoringCrds() {
    }

    /** Installs the CRDs (server-side apply) and waits until they are established. */
    static void install(KubernetesClient admin) {
        Path dir = TestbedCache.root().resolve("prometheus-operator-crds-" + Versions.get("PROMETHEUS_OPERATOR_VERSION"));
        for (String file : FILES) {
            Path crd = dir.resolve("crds").resolve(file);
            if (!Files.exists(dir.resolve(".complete")) || !Files.isRegularFile(crd)) {
                throw new MissingPeerException(crd + " is not provisioned. Run: testbed/provision/provision.sh monitoring-crds");
            }
            try (InputStream in = Files.newInputStream(crd)) {
                for (HasMetadata o : admin.load(in).items()) {
                    admin.resource(o).fieldManager("selfheal-chart-test").forceConflicts().serverSideApply();
                    admin.apiextensions().v1().customResourceDefinitions().withName(o.getMetadata().getName())
                            .waitUntilCondition(MonitoringCrds::established, 30, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + crd, e);
            }
        }
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}

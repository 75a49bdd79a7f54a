package dev.selfheal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.AgentConfigReader;
import dev.selfheal.core.config.SelfhealConfig;
import dev.selfheal.core.config.YamlConfigReader;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import dev.selfheal.testbed.process.ToolRun;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart linted and rendered by the pinned helm for several value sets, each rendered object applied with a
 * server-side dry run (strict field validation) to the testbed's real API server, where the Prometheus operator's
 * real CRDs are installed for the ServiceMonitor, the agent's PodMonitor and the PrometheusRule.
 */
@ExtendWith(KubeTestbedExtension.class)
class ChartIT {

    private static final Chart CHART = new Chart();

    @BeforeAll
    static void crds(KubeTestbed kube) {
        MonitoringCrds.install(kube.client());
    }

    /** The value sets: name, release namespace, values. */
    static List<Object[]> valueSets() {
        return List.of(
                new Object[] {"defaults", "selfheal-system", Map.of()},
                new Object[] {"everything", "selfheal-all", values("agent.enabled", "true", "serviceMonitor.enabled", "true",
                        "prometheusRule.enabled", "true", "grafanaDashboard.enabled", "true", "credentials.existingSecret",
                        "aws-credentials", "credentials.asEnv", "true", "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn",
                        "arn:aws:iam::123456789012:role/selfheal", "apiServer.host", "api.internal.example.com", "apiServer.port", "6443",
                        "hostAliases[0].ip", "10.0.0.5", "hostAliases[0].hostnames[0]", "api.internal.example.com")},
                new Object[] {"one-replica-dry-run", "ops", values("replicas", "1", "config.dryRun", "true",
                        "podDisruptionBudget.enabled", "false", "spreadAcrossNodes", "false", "metricsPort", "9464",
                        "serviceAccount.name", "healer", "service.enabled", "false")},
                new Object[] {"agent-only-extras", "selfheal-agent", values("agent.enabled", "true", "agent.serviceAccount.name",
                        "node-agent", "config.gates.maxConcurrent", "1", "config.providers[0].type", "aws",
                        "config.providers[0].settings.region", "eu-west-1")},
                new Object[] {"agent-status", "selfheal-agent-status", values("agent.enabled", "true", "agent.status.port",
                        "9464", "agent.podMonitor.enabled", "true", "agent.podMonitor.labels.release", "prometheus")});
    }

    private static Map<String, String> values(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void lintsStrictly() {
        ToolRun lint = CHART.helm("lint", "--strict", Chart.DIR.toString(), "--kube-version", Chart.KUBE_VERSION).requireOk();
        assertThat(lint.output()).contains("1 chart(s) linted, 0 chart(s) failed");
        ToolRun all = CHART.helm("lint", "--strict", Chart.DIR.toString(), "--set", "agent.enabled=true", "--set",
                "serviceMonitor.enabled=true", "--set", "prometheusRule.enabled=true", "--set", "grafanaDashboard.enabled=true");
        assertThat(all.requireOk().output()).contains("0 chart(s) failed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyRenderedObjectPassesAServerSideDryRun(String name, String namespace, Map<String, String> set, KubeTestbed kube) {
        KubernetesClient admin = kube.client();
        if (admin.namespaces().withName(namespace).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        List<HasMetadata> objects = Chart.objects(admin, CHART.render("selfheal", namespace, set));
        assertThat(objects).extracting(HasMetadata::getKind).contains("Deployment", "ClusterRole", "ConfigMap", "ServiceAccount");
        for (HasMetadata o : objects) {
            try {
                HasMetadata answered = admin.resource(o).dryRun().fieldValidation(Validation.STRICT)
                        .fieldManager("selfheal-chart-test").forceConflicts().serverSideApply();
                assertThat(answered.getMetadata().getName()).isEqualTo(o.getMetadata().getName());
            } catch (KubernetesClientException e) {
                throw new AssertionError(name + ": the API server refused " + o.getKind() + " " + o.getMetadata().getName()
                        + ": " + e.getMessage(), e);
            }
        }
        assertThat(admin.apps().deployments().inNamespace(namespace).withName("selfheal").get())
                .as("a dry run creates nothing").isNull();
    }

    @Test
    void theDryRunRefusesWhatTheApiServerWouldRefuse(KubeTestbed kube) {
        KubernetesClient admin = kube.client();
        List<HasMetadata> objects = Chart.objects(admin, CHART.render("selfheal", "selfheal-system",
                values("securityContext.runAsUsr", "1000")));
        HasMetadata d = Chart.find(objects, "Deployment", "selfheal").orElseThrow();
        assertThatThrownBy(() -> admin.resource(d).dryRun().fieldValidation(Validation.STRICT)
                .fieldManager("selfheal-chart-test").forceConflicts().serverSideApply())
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("runAsUsr");
    }

    @Test
    void theHealerRunsTwoNonRootReplicasWithProbesOnItsEndpointsAndTheRenderedConfigLoads(KubeTestbed kube) {
        List<HasMetadata> objects = Chart.objects(kube.client(), CHART.render("selfheal", "selfheal-system", Map.of()));
        Deployment d = (Deployment) Chart.find(objects, "Deployment", "selfheal").orElseThrow();
        var pod = d.getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(pod.getServiceAccountName()).isEqualTo("selfheal");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(c.getArgs()).containsExactly("--config", "/etc/selfheal/selfheal.yaml", "--metrics-port", "8080");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(Chart.find(objects, "PodDisruptionBudget", "selfheal")).isPresent();
        assertThat(objects).extracting(HasMetadata::getKind).doesNotContain("DaemonSet", "ServiceMonitor", "PrometheusRule");

        ConfigMap cm = (ConfigMap) Chart.find(objects, "ConfigMap", "selfheal-config").orElseThrow();
        SelfhealConfig config = YamlConfigReader.read(cm.getData().get("selfheal.yaml"), Map.of());
        assertThat(config.namespace()).isEqualTo("selfheal-system");
        assertThat(config.leader().enabled()).isTrue();
        assertThat(config.gates().maxConcurrent()).isEqualTo(2);
    }

    @Test
    void credentialsComeFromTheNamedSecretOnlyAndTheAgentGetsItsConfig(KubeTestbed kube) {
        List<HasMetadata> objects = Chart.objects(kube.client(), CHART.render("selfheal", "selfheal-system", values(
                "credentials.existingSecret", "vsphere-credentials", "agent.enabled", "true")));
        String rendered = CHART.render("selfheal", "selfheal-system", values("credentials.existingSecret", "vsphere-credentials"));
        assertThat(rendered).doesNotContain("kind: Secret\n");
        Deployment d = (Deployment) Chart.find(objects, "Deployment", "selfheal").orElseThrow();
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).anyMatch(v -> v.getSecret() != null
                && v.getSecret().getSecretName().equals("vsphere-credentials"));
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnvFrom()).isNullOrEmpty();

        DaemonSet agent = (DaemonSet) Chart.find(objects, "DaemonSet", "selfheal-agent").orElseThrow();
        assertThat(agent.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("selfheal-agent");
        assertThat(agent.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getHostPath() != null)
                .extracting(v -> v.getHostPath().getPath())
                .containsExactlyInAnyOrder("/var/lib/selfheal-agent", "/dev/kmsg", "/run/containerd", "/");
        ConfigMap cm = (ConfigMap) Chart.find(objects, "ConfigMap", "selfheal-agent-config").orElseThrow();
        AgentConfig config = AgentConfigReader.read(cm.getData().get("agent.yaml"), java.nio.file.Path.of("/"),
                Map.of("NODE_NAME", "worker-1"));
        assertThat(config.node()).isEqualTo("worker-1");
        assertThat(config.namespace()).isEqualTo("selfheal-system");
    }

    @Test
    void theAgentsStatusEndpointIsOffByDefaultAndWithAPortGetsAContainerPortALivenessProbeAndAPodMonitor(KubeTestbed kube) {
        List<HasMetadata> off = Chart.objects(kube.client(), CHART.render("selfheal", "selfheal-system", values("agent.enabled", "true")));
        DaemonSet plain = (DaemonSet) Chart.find(off, "DaemonSet", "selfheal-agent").orElseThrow();
        assertThat(plain.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).isNullOrEmpty();
        assertThat(plain.getSpec().getTemplate().getSpec().getContainers().get(0).getLivenessProbe()).isNull();
        assertThat(agentConfig(off).status().enabled()).isFalse();
        assertThat(off).extracting(HasMetadata::getKind).doesNotContain("PodMonitor");

        List<HasMetadata> on = Chart.objects(kube.client(), CHART.render("selfheal", "selfheal-system", values("agent.enabled",
                "true", "agent.status.port", "9464", "agent.status.address", "127.0.0.1", "agent.podMonitor.enabled", "true")));
        var c = ((DaemonSet) Chart.find(on, "DaemonSet", "selfheal-agent").orElseThrow()).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(c.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http-status");
            assertThat(p.getContainerPort()).isEqualTo(9464);
        });
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(c.getLivenessProbe().getHttpGet().getHost()).isEqualTo("127.0.0.1");
        assertThat(c.getLivenessProbe().getPeriodSeconds()).isEqualTo(20);
        assertThat(agentConfig(on).status().port()).isEqualTo(9464);
        assertThat(agentConfig(on).status().address()).isEqualTo("127.0.0.1");
        assertThat(CHART.render("selfheal", "selfheal-system", values("agent.enabled", "true", "agent.status.port", "9464",
                "agent.podMonitor.enabled", "true"))).contains("kind: PodMonitor\n").contains("- port: http-status\n");

        ToolRun monitorWithoutPort = CHART.template("selfheal", "selfheal-system", values("agent.enabled", "true",
                "agent.podMonitor.enabled", "true"));
        assertThat(monitorWithoutPort.ok()).isFalse();
        assertThat(monitorWithoutPort.output()).contains("agent.podMonitor.enabled needs agent.enabled and agent.status.port");
        ToolRun bad = CHART.template("selfheal", "selfheal-system", values("agent.enabled", "true", "agent.status.port", "70000",
                "agent.status.address", "node-1", "agent.config.status.port", "1"));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.output()).contains("/agent/status/port", "/agent/status/address", "/agent/config/status");
    }

    private static AgentConfig agentConfig(List<HasMetadata> objects) {
        ConfigMap cm = (ConfigMap) Chart.find(objects, "ConfigMap", "selfheal-agent-config").orElseThrow();
        return AgentConfigReader.read(cm.getData().get("agent.yaml"), java.nio.file.Path.of("/"), Map.of("NODE_NAME", "worker-1"));
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        ToolRun bad = CHART.template("selfheal", "selfheal-system", values("replicas", "0", "metricsPort", "70000",
                "config.namespace", "elsewhere", "imagePullPolicy", "Always"));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.output()).contains("/replicas", "/metricsPort", "/config/namespace", "'imagePullPolicy' not allowed");
        ToolRun monitorWithoutService = CHART.template("selfheal", "selfheal-system", values("serviceMonitor.enabled", "true",
                "service.enabled", "false"));
        assertThat(monitorWithoutService.ok()).isFalse();
        assertThat(monitorWithoutService.output()).contains("serviceMonitor.enabled needs service.enabled");
        ToolRun twoWithoutElection = CHART.template("selfheal", "selfheal-system", values("config.leader.enabled", "false"));
        assertThat(twoWithoutElection.ok()).isFalse();
        assertThat(twoWithoutElection.output()).contains("replicas 2 needs config.leader.enabled: true");
        ToolRun drainBlocked = CHART.template("selfheal", "selfheal-system", values("replicas", "1"));
        assertThat(drainBlocked.ok()).isFalse();
        assertThat(drainBlocked.output()).contains("podDisruptionBudget.minAvailable 1 with replicas 1 would block every node drain");
    }
}

package dev.selfheal.deploy;

import dev.selfheal.testbed.helm.Helm;
import dev.selfheal.testbed.process.ToolRun;
import dev.selfheal.testbed.process.Workspace;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The chart in this module ({@code helm/selfheal}), rendered by the pinned helm. */
final class Chart {

    /** The chart's folder. */
    static final Path DIR = Path.of("helm/selfheal").toAbsolutePath();
    /** The Kubernetes version the testbed runs, which helm renders for. */
    static final String KUBE_VERSION = dev.selfheal.testbed.process.Versions.get("K8S_VERSION");

    private final Helm helm = Helm.in(Workspace.newDir("helm"));

    /** {@code helm ARGS...}. */
    ToolRun helm(String... args) {
        return helm.run(args);
    }

    /**
     * {@code helm template RELEASE helm/selfheal -n NAMESPACE --set K=V...}; fails with helm's output unless it
     * renders.
     */
    String render(String release, String namespace, Map<String, String> set) {
        return template(release, namespace, set).requireOk().output();
    }

    /** {@code helm template}, whatever its exit. */
    ToolRun template(String release, String namespace, Map<String, String> set) {
        List<String> args = new ArrayList<>(List.of("template", release, DIR.toString(), "--namespace", namespace,
                "--kube-version", KUBE_VERSION));
        set.forEach((k, v) -> {
            args.add("--set");
            args.add(k + "=" + v);
        });
        return helm.run(args.toArray(String[]::new));
    }

    /** The rendered documents as objects (custom resources as generic ones). */
    static List<HasMetadata> objects(KubernetesClient client, String rendered) {
        return new ArrayList<>(client.load(new ByteArrayInputStream(rendered.getBytes(StandardCharsets.UTF_8))).items());
    }

    /** The one object of {@code kind} named {@code name}, if rendered. */
    static Optional<HasMetadata> find(List<HasMetadata> objects, String kind, String name) {
        return objects.stream().filter(o -> o.getKind().equals(kind) && o.getMetadata().getName().equals(name)).findFirst();
    }
}

package dev.selfheal.agent.probe;

import dev.selfheal.protocol.Component;
import java.nio.file.Path;

/**
 * The probe of each component when the configuration names none, on the ports and paths of a kubeadm node:
 * kubelet {@code http://127.0.0.1:10248/healthz}, kube-proxy {@code http://127.0.0.1:10256/healthz}, etcd
 * {@code http://127.0.0.1:2379/health}, kube-apiserver {@code https://127.0.0.1:6443/readyz} with a client
 * certificate, scheduler {@code :10259/healthz} and controller-manager {@code :10257/healthz} (self-signed), and
 * the container runtime's CRI socket {@code /run/containerd/containerd.sock}.
 */
public final class ProbeDefaults {

    private static final Path PKI = Path.of("/etc/kubernetes/pki");

    private ProbeDefaults() {
    }

    /** The default probe of a component. */
    public static ProbeSpec of(Component component) {
        return switch (component) {
            case KUBELET -> ProbeSpec.http("http://127.0.0.1:10248/healthz");
            case KUBE_PROXY -> ProbeSpec.http("http://127.0.0.1:10256/healthz");
            case ETCD -> new ProbeSpec(ProbeType.HTTP, "http://127.0.0.1:2379/health", null, null, null,
                    "\"health\":\"true\"", null, null, null, false, null);
            case KUBE_APISERVER -> new ProbeSpec(ProbeType.HTTPS, "https://127.0.0.1:6443/readyz", null, null, null, null,
                    PKI.resolve("ca.crt"), PKI.resolve("apiserver-kubelet-client.crt"),
                    PKI.resolve("apiserver-kubelet-client.key"), false, null);
            case KUBE_SCHEDULER -> selfSigned("https://127.0.0.1:10259/healthz");
            case KUBE_CONTROLLER_MANAGER -> selfSigned("https://127.0.0.1:10257/healthz");
            case CONTAINER_RUNTIME -> new ProbeSpec(ProbeType.CRI_SOCKET, null, null, null,
                    Path.of("/run/containerd/containerd.sock"), null, null, null, null, false, null);
        };
    }

    private static ProbeSpec selfSigned(String url) {
        return new ProbeSpec(ProbeType.HTTPS, url, null, null, null, null, null, null, null, true, null);
    }
}

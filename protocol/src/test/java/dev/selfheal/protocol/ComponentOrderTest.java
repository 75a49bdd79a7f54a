package dev.selfheal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentOrderTest {

    @Test
    void everyComponentHasARankAndTheStackComesFirst() {
        assertThat(ComponentOrder.ORDER).containsExactlyInAnyOrder(Component.values());
        List<Component> all = new ArrayList<>(List.of(Component.values()));
        all.sort(ComponentOrder.ROOT_CAUSE_FIRST);
        assertThat(all.subList(0, 2)).containsExactly(Component.CONTAINER_RUNTIME, Component.KUBELET);
        assertThat(all.get(all.size() - 1)).isEqualTo(Component.KUBE_PROXY);
    }

    @Test
    void parsesTheAgreedReasonFormatAndLenientVariants() {
        assertThat(ComponentOrder.parseReason("kubelet")).contains(Component.KUBELET);
        assertThat(ComponentOrder.parseReason("container-runtime")).contains(Component.CONTAINER_RUNTIME);
        assertThat(ComponentOrder.parseReason("ContainerRuntime")).contains(Component.CONTAINER_RUNTIME);
        assertThat(ComponentOrder.parseReason("KUBE_APISERVER")).contains(Component.KUBE_APISERVER);
        assertThat(ComponentOrder.parseReason(" KubeAPIServer ")).contains(Component.KUBE_APISERVER);
        assertThat(ComponentOrder.parseReason("EtcdUnhealthy")).contains(Component.ETCD);
        assertThat(ComponentOrder.parseReason("RestartsExhausted")).isEmpty();
        assertThat(ComponentOrder.parseReason("")).isEmpty();
        assertThat(ComponentOrder.parseReason(null)).isEmpty();
    }
}

package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.node.RealNode;
import dev.selfheal.testbed.node.ThreeMasterPlane;
import java.util.Map;
import java.util.Set;

/**
 * What a control-plane failure on a {@link ThreeMasterPlane} must leave alone, taken before it: the running
 * container of every component on every master, the worker's kubelet and containerd processes.
 */
record ThreeMasterSnapshot(Map<String, Map<String, String>> containers, long workerKubelet, long workerContainerd) {

    static ThreeMasterSnapshot take(ThreeMasterPlane plane, RealNode worker) {
        ThreeMasterSnapshot s = new ThreeMasterSnapshot(plane.runningContainers(), worker.kubeletPid(), worker.containerdPid());
        s.containers.forEach((master, byComponent) -> byComponent.forEach((component, id) ->
                assertThat(id).as(component + " running on " + master + " before the failure").isNotEmpty()));
        return s;
    }

    /**
     * Asserts that nothing but {@code hit} (master name -> the components the failure hit there) changed: every
     * other component's container is the same, and so are the worker's kubelet and containerd.
     */
    void assertOnlyTouched(ThreeMasterPlane plane, RealNode worker, Map<String, Set<String>> hit) {
        Map<String, Map<String, String>> now = plane.runningContainers();
        containers.forEach((master, byComponent) -> byComponent.forEach((component, id) -> {
            if (hit.getOrDefault(master, Set.of()).contains(component)) {
                assertThat(now.get(master).get(component)).as(component + " on " + master + " restarted: a new container")
                        .isNotEmpty().isNotEqualTo(id);
            } else {
                assertThat(now.get(master).get(component)).as(component + " on " + master + " untouched").isEqualTo(id);
            }
        }));
        assertThat(worker.kubeletPid()).as("the worker's kubelet untouched").isEqualTo(workerKubelet);
        assertThat(worker.containerdPid()).as("the worker's containerd untouched").isEqualTo(workerContainerd);
    }
}

package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.vsphere.internal.VcsimInventory;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.RetryableProviderException;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.vsphere.Vcsim;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow vCenter tasks and answers ({@code -method-delay}): a task that ends within {@code timeout.task} is
 * awaited; one that does not fails clearly and in time; a SOAP answer slower than {@code timeout.request}
 * fails clearly.
 */
class SlowTasksIT {

    private static final Duration POWER_OFF_DELAY = Duration.ofSeconds(3);
    private static Vcsim slow;
    private static VcsimInventory inventory;

    @BeforeAll
    static void start() {
        slow = Vcsim.builder()
                .methodDelay("PowerOff", POWER_OFF_DELAY)          // the power-off task runs 3 s after it was accepted
                .methodDelay("LockHandoff", Duration.ZERO)         // reads are not blocked meanwhile, as on vCenter
                .methodDelay("ResetVM_Task", Duration.ofSeconds(3)) // the SOAP answer to ResetVM_Task comes after 3 s
                .start();
        inventory = new VcsimInventory(slow);
    }

    @AfterAll
    static void stop() {
        if (inventory != null) {
            inventory.close();
        }
        if (slow != null) {
            slow.close();
        }
    }

    private static MachineRef ref(VsphereProvider p, VmSnapshot vm) {
        return p.resolve(NodeDescriptor.of(vm.name(), "vsphere://" + vm.biosUuid())).orElseThrow();
    }

    @Test
    void aSlowTaskWithinTheLimitIsAwaited() {
        VmSnapshot vm = inventory.freshVm("slow-ok");
        try (VsphereProvider p = TestProviders.create(slow, b -> b.set("timeout.task", "20s"))) {
            long t0 = System.nanoTime();
            assertThat(p.powerOff(ref(p, vm)).confirmedState()).isEqualTo(PowerState.OFF);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(took).isGreaterThanOrEqualTo(POWER_OFF_DELAY.minusMillis(200)).isLessThan(Duration.ofSeconds(15));
            assertThat(inventory.client().vm(vm.ref()).powerState()).isEqualTo("poweredOff");
        }
    }

    @Test
    void aTaskOverTheLimitFailsClearlyAndInTime() {
        VmSnapshot vm = inventory.freshVm("slow-late");
        try (VsphereProvider p = TestProviders.create(slow, b -> b.set("timeout.task", "1s"))) {
            MachineRef ref = ref(p, vm);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> p.powerOff(ref)).isInstanceOf(RetryableProviderException.class)
                    .hasMessageContaining("vim25:PowerOffVM_Task").hasMessageContaining(vm.name())
                    .hasMessageContaining("did not finish within PT1S").hasMessageContaining("may still complete");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(took).isLessThan(POWER_OFF_DELAY);
            Await.until("the late power-off to complete on vCenter", Duration.ofSeconds(10),
                    () -> "poweredOff".equals(inventory.client().vm(vm.ref()).powerState()));
            assertThat(p.powerOff(ref).confirmedState()).as("fencing again confirms").isEqualTo(PowerState.OFF);
        }
    }

    @Test
    void aSoapAnswerSlowerThanTheRequestTimeoutFailsClearly() {
        VmSnapshot vm = inventory.freshVm("slow-answer");
        try (VsphereProvider p = TestProviders.create(slow, b -> b.set("timeout.request", "1s"))) {
            MachineRef ref = ref(p, vm);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> p.reboot(ref)).isInstanceOf(RetryableProviderException.class)
                    .hasMessageContaining("vim25:ResetVM_Task").hasMessageContaining("no answer")
                    .hasMessageContaining("within PT1S").hasMessageContaining(ref.describe());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2900));
        }
    }
}

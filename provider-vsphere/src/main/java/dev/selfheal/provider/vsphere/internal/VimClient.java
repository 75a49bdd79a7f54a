package dev.selfheal.provider.vsphere.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The vim25 calls the vSphere provider needs, typed. {@link SoapVimClient} implements them over SOAP; an
 * implementation backed by the VMware SDK can replace it without touching the provider.
 *
 * <p>Task methods start the task, wait for it with the given limit, and throw
 * {@link VimTaskFailedException} when it ends in error or {@link VimTimeoutException} when the limit passes.
 * Every method throws {@link VimException} subtypes only. Implementations are thread-safe.
 */
public interface VimClient extends AutoCloseable {

    /** The VM with this BIOS uuid ({@code SearchIndex.FindByUuid}), optionally within one datacenter. */
    Optional<MoRef> findVmByUuid(String biosUuid, MoRef datacenter);

    /** The object at an inventory path such as {@code DC0/vm/web-1} ({@code SearchIndex.FindByInventoryPath}). */
    Optional<MoRef> findByInventoryPath(String path);

    /** The VMs and templates named {@code name} under {@code container} (the inventory root when {@code null}). */
    List<MoRef> findVmsByName(String name, MoRef container);

    /**
     * Whether a managed object (a folder, a resource pool) is in the inventory as this session sees it: false when
     * the server answers that it is not ({@code ManagedObjectNotFound} or no content).
     */
    boolean exists(MoRef object);

    /** Reads a VM's state, placement and disks. */
    VmSnapshot vm(MoRef vm);

    /** Hard-resets a running VM ({@code ResetVM_Task}). */
    void resetVm(VmSnapshot vm, Duration limit);

    /** Powers a VM off hard ({@code PowerOffVM_Task}). */
    void powerOffVm(VmSnapshot vm, Duration limit);

    /** Powers a VM on ({@code PowerOnVM_Task}). */
    void powerOnVm(VmSnapshot vm, Duration limit);

    /** Deletes a VM and the files of its own folder ({@code Destroy_Task}). */
    void destroyVm(VmSnapshot vm, Duration limit);

    /** Removes disks from a VM, keeping their files ({@code ReconfigVM_Task}, no file operation). */
    void removeDisks(VmSnapshot vm, List<VirtualDiskDevice> disks, Duration limit);

    /** Clones a VM or template ({@code CloneVM_Task}), powered off, and returns the new VM. */
    MoRef cloneVm(VmSnapshot source, CloneSpec spec, Duration limit);

    /** Renames a VM ({@code Rename_Task}). */
    void renameVm(VmSnapshot vm, String newName, Duration limit);

    /** Waits until a VM's {@code runtime.powerState} is {@code wanted}. */
    void awaitPowerState(VmSnapshot vm, String wanted, Duration limit);

    /** Keeps the session alive; returns whether it had to log in again. */
    boolean keepAlive();

    /** Logs out and releases the connection. Never throws. */
    @Override
    void close();
}

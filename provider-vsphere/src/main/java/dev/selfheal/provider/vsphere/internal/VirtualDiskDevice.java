package dev.selfheal.provider.vsphere.internal;

/**
 * A virtual disk attached to a VM.
 *
 * @param key the device key
 * @param controllerKey the key of its controller
 * @param busNumber the bus number of its controller ({@link Integer#MAX_VALUE} when unknown)
 * @param unitNumber its unit on the controller ({@link Integer#MAX_VALUE} when unknown)
 * @param fileName the backing file, such as {@code [LocalDS_0] kubevols/pv-1.vmdk}, or {@code null}
 * @param datastore the datastore of the backing file, or {@code null}
 * @param label the device label, such as {@code Hard disk 2}
 * @param xml the device as the server sent it, to hand back in a reconfiguration
 */
public record VirtualDiskDevice(int key, int controllerKey, int busNumber, int unitNumber, String fileName,
                                MoRef datastore, String label, String xml) {

    /** Describes the disk by file (or label) and key; no XML. */
    @Override
    public String toString() {
        return "VirtualDisk[" + (fileName != null ? fileName : label) + ", key " + key + "]";
    }
}

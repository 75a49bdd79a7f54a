package dev.selfheal.provider.vsphere.internal;

import java.util.Objects;

/**
 * Where and how to clone a VM.
 *
 * @param name the new VM's name
 * @param folder the folder to create it in
 * @param pool the resource pool to run it in
 * @param datastore the datastore for its files
 * @param biosUuid the BIOS uuid to give it ({@code config.uuid}), so that it is new and known in advance
 */
public record CloneSpec(String name, MoRef folder, MoRef pool, MoRef datastore, String biosUuid) {

    /** Validates the fields. */
    public CloneSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(biosUuid, "biosUuid");
    }
}

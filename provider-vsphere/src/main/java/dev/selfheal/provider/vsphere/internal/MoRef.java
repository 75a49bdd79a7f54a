package dev.selfheal.provider.vsphere.internal;

import java.util.Objects;

/**
 * A vim25 managed object reference, such as {@code VirtualMachine:vm-62}.
 *
 * @param type the managed object type ({@code VirtualMachine}, {@code Task}, {@code Folder})
 * @param value the server-side id ({@code vm-62})
 */
public record MoRef(String type, String value) {

    /** Validates the fields. */
    public MoRef {
        if (type == null || type.isBlank() || value == null || value.isBlank()) {
            throw new IllegalArgumentException("a managed object reference needs a type and a value, got "
                    + type + ":" + value);
        }
    }

    /** A reference of the given type. */
    public static MoRef of(String type, String value) {
        return new MoRef(type, value);
    }

    /** {@code type:value}. */
    @Override
    public String toString() {
        return type + ":" + value;
    }

    /** Whether this reference is of {@code type}. */
    public boolean is(String type) {
        return Objects.equals(this.type, type);
    }
}

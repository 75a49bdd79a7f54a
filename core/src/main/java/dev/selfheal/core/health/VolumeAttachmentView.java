package dev.selfheal.core.health;

import java.time.Instant;

/**
 * A VolumeAttachment (a CSI volume attached to a node).
 *
 * @param name the attachment name
 * @param nodeName the node it attaches to
 * @param persistentVolumeName the PersistentVolume, or null for inline volumes
 * @param attached whether the attacher reports it attached
 * @param deletionTimestamp when deletion was requested, or null
 */
public record VolumeAttachmentView(String name, String nodeName, String persistentVolumeName, boolean attached,
                                   Instant deletionTimestamp) {
}

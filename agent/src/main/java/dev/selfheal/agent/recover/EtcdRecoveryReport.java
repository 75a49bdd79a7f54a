package dev.selfheal.agent.recover;

import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.JsonWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore from a snapshot lost, stated, never hidden: the snapshot's revision against the last revision
 * the agent saw before the loss and the revision of the surviving data (when a member's data survived), the
 * number of revisions lost, and the keys changed after the snapshot as the surviving data shows them (keys only,
 * never values; a key deleted after the snapshot is counted in the revisions but cannot be named).
 *
 * @param at when the restore ran
 * @param snapshot the snapshot restored
 * @param snapshotRevision its revision
 * @param lastSeenRevision the last revision the agent recorded before the loss, or -1 when none was
 * @param survivorRevision the revision of the surviving local data, or -1 when none survived
 * @param lostRevisions how many revisions after the snapshot are gone (0 when nothing later was seen)
 * @param lostKeys the keys changed after the snapshot with their last revision, from the surviving data
 * @param keptDataDir where the data directory that was replaced was moved (kept, not deleted), or null
 */
public record EtcdRecoveryReport(Instant at, Path snapshot, long snapshotRevision, long lastSeenRevision,
                                 long survivorRevision, long lostRevisions, List<EtcdGateway.KeyRevision> lostKeys,
                                 Path keptDataDir) {

    /** Copies. */
    public EtcdRecoveryReport {
        lostKeys = List.copyOf(lostKeys);
    }

    /** Whether anything written after the snapshot is known to be gone. */
    public boolean lostAnything() {
        return lostRevisions > 0 || !lostKeys.isEmpty();
    }

    /** One line for the log and an Event. */
    public String summary() {
        if (!lostAnything()) {
            return "etcd restored from " + snapshot.getFileName() + " at revision " + snapshotRevision
                    + "; nothing later was seen (last seen revision " + lastSeenRevision + ")";
        }
        return "etcd restored from " + snapshot.getFileName() + " at revision " + snapshotRevision + "; LOST "
                + lostRevisions + " revision(s) up to " + Math.max(lastSeenRevision, survivorRevision) + ", "
                + lostKeys.size() + " key(s) changed after the snapshot: " + lostKeys.stream().limit(20)
                .map(k -> k.key() + "@" + k.modRevision()).toList() + (lostKeys.size() > 20 ? " ..." : "");
    }

    /** The report as JSON. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", at.toString());
        m.put("snapshot", snapshot.toString());
        m.put("snapshotRevision", snapshotRevision);
        m.put("lastSeenRevision", lastSeenRevision);
        m.put("survivorRevision", survivorRevision);
        m.put("lostRevisions", lostRevisions);
        m.put("lostKeys", lostKeys.stream().map(k -> Map.<String, Object>of("key", k.key(), "modRevision", k.modRevision())).toList());
        m.put("keptDataDir", keptDataDir == null ? null : keptDataDir.toString());
        m.put("summary", summary());
        return JsonWriter.write(m);
    }
}

package dev.selfheal.core.remediation;

import java.util.List;
import java.util.Optional;

/**
 * Where remediation records live, with optimistic concurrency: every write names the version it read, and
 * fails with {@link ConcurrentUpdateException} when someone else wrote in between. The default
 * implementation keeps one Lease per node in the cluster ({@link LeaseRemediationFormat}).
 */
public interface RemediationStore {

    /** A record with the store's version of it. */
    record Stored(Remediation remediation, String version) {
    }

    /** The record for a node, if any. */
    Optional<Stored> load(String node);

    /** Every record. */
    List<Stored> loadAll();

    /**
     * Creates the record for a node.
     *
     * @throws ConcurrentUpdateException when one exists already
     */
    Stored create(Remediation remediation);

    /**
     * Replaces a record.
     *
     * @throws ConcurrentUpdateException when the stored version is not {@code current.version()}
     */
    Stored update(Stored current, Remediation next);

    /** Deletes a record (after it ended and was kept long enough). */
    void delete(Stored current);
}

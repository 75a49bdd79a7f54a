package dev.selfheal.core.engine;

import dev.selfheal.core.remediation.ConcurrentUpdateException;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records in memory with the store's optimistic concurrency; the test can make the next writes fail (as an API
 * server answering 429 or 500 would) and reads every version written.
 */
final class MemoryStore implements RemediationStore {

    private final Map<String, Stored> records = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    final AtomicInteger failNextWrites = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();
    final List<Remediation> history = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Optional<Stored> load(String node) {
        return Optional.ofNullable(records.get(node));
    }

    @Override
    public List<Stored> loadAll() {
        return new ArrayList<>(records.values());
    }

    @Override
    public synchronized Stored create(Remediation r) {
        failIfAsked(r.node());
        if (records.containsKey(r.node())) {
            throw new ConcurrentUpdateException(r.node(), null);
        }
        return put(r);
    }

    @Override
    public synchronized Stored update(Stored current, Remediation next) {
        failIfAsked(next.node());
        Stored now = records.get(next.node());
        if (now == null || !now.version().equals(current.version())) {
            throw new ConcurrentUpdateException(next.node(), null);
        }
        return put(next);
    }

    @Override
    public synchronized void delete(Stored current) {
        failIfAsked(current.remediation().node());
        records.remove(current.remediation().node());
    }

    /** Writes a record as another healer would (a new version). */
    synchronized Stored putAsOther(Remediation r) {
        return put(r);
    }

    private Stored put(Remediation r) {
        Stored s = new Stored(r, Long.toString(version.incrementAndGet()));
        records.put(r.node(), s);
        history.add(r);
        writes.incrementAndGet();
        return s;
    }

    private void failIfAsked(String node) {
        if (failNextWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("the API server answered 500 to the write of " + node + "'s record");
        }
    }
}

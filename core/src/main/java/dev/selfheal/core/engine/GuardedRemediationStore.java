package dev.selfheal.core.engine;

import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore;
import dev.selfheal.core.safety.LeaderGuard;
import java.util.List;
import java.util.Optional;

/**
 * Every record write asks the {@link LeaderGuard} immediately before it is sent; each write is also conditional on
 * the version the decision was taken on (the store's optimistic concurrency).
 */
final class GuardedRemediationStore implements RemediationStore {

    private final RemediationStore delegate;
    private final LeaderGuard guard;

    GuardedRemediationStore(RemediationStore delegate, LeaderGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public Optional<Stored> load(String node) {
        return delegate.load(node);
    }

    @Override
    public List<Stored> loadAll() {
        return delegate.loadAll();
    }

    @Override
    public Stored create(Remediation remediation) {
        guard.check("create the remediation record of node " + remediation.node());
        return delegate.create(remediation);
    }

    @Override
    public Stored update(Stored current, Remediation next) {
        guard.check("update the remediation record of node " + next.node());
        return delegate.update(current, next);
    }

    @Override
    public void delete(Stored current) {
        guard.check("delete the remediation record of node " + current.remediation().node());
        delegate.delete(current);
    }
}

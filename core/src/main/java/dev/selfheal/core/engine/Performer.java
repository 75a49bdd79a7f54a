package dev.selfheal.core.engine;

import dev.selfheal.core.config.RecoverySettings;
import dev.selfheal.core.provider.ProviderGateway;
import dev.selfheal.core.recovery.ClusterOperations;
import dev.selfheal.core.recovery.StepContext;
import dev.selfheal.core.remediation.ConcurrentUpdateException;
import dev.selfheal.core.remediation.Remediation;
import dev.selfheal.core.remediation.RemediationStore;
import dev.selfheal.core.remediation.RemediationStore.Stored;
import dev.selfheal.core.safety.LeaderGuard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the decision thread's decisions, off it, one node at a time: writes the record (conditional on the
 * version decided on), tells the notices once the write succeeded, and runs a step's action within the step's
 * limit. Whatever happens comes back as an {@link Outcome}; nothing here throws.
 */
final class Performer {

    private static final Logger LOG = LoggerFactory.getLogger(Performer.class);

    private final RemediationStore store;
    private final Notifier notify;
    private final LadderRunner runner;
    private final ProviderGateway gateway;
    private final ClusterOperations cluster;
    private final RecoverySettings settings;
    private final Clock clock;
    private final ExecutorService actions;
    private final java.util.function.BooleanSupplier closing;

    Performer(RemediationStore store, Notifier notify, LadderRunner runner, ProviderGateway gateway,
              ClusterOperations cluster, RecoverySettings settings, Clock clock, ExecutorService actions,
              java.util.function.BooleanSupplier closing) {
        this.store = store;
        this.notify = notify;
        this.runner = runner;
        this.gateway = gateway;
        this.cluster = cluster;
        this.settings = settings;
        this.clock = clock;
        this.actions = actions;
        this.closing = closing;
    }

    /** Carries out {@code d} for the node whose record is {@code current} (null when it has none). */
    Outcome perform(String node, long term, Stored current, Decision d) {
        try {
            if (d instanceof Decision.Save s) {
                return Outcome.record(node, term, Optional.of(save(current, s)));
            }
            if (d instanceof Decision.Act a) {
                return act(node, term, current, a);
            }
            if (d instanceof Decision.Untaint) {
                return untaint(node, term);
            }
            if (d instanceof Decision.Expire) {
                store.delete(current);
                return Outcome.record(node, term, Optional.empty());
            }
            return Outcome.unchanged(node, term);
        } catch (ConcurrentUpdateException e) {
            LOG.info("the remediation record of {} changed concurrently; reading it again", node);
            return reload(node, term);
        } catch (RuntimeException e) {
            return Outcome.failed(node, term, e, d instanceof Decision.Save s ? s : null, Optional.ofNullable(current), false);
        }
    }

    private Stored save(Stored current, Decision.Save s) {
        if (closing.getAsBoolean()) {
            throw new ClosingException();
        }
        Stored saved = current == null ? store.create(s.next()) : store.update(current, s.next());
        s.notices().forEach(notify::tell);
        return saved;
    }

    private Outcome act(String node, long term, Stored current, Decision.Act a) {
        Stored acting = save(current, new Decision.Save(a.acting(), a.notices()));
        Instant deadline = a.acting().stepStartedAt().plus(settings.timeout(a.step().name()));
        StepContext ctx = new StepContext(a.view(), gateway, cluster, Duration.between(clock.instant(), deadline));
        Remediation result = null;
        RuntimeException error = null;
        try {
            result = bounded(a, ctx);
        } catch (RuntimeException e) {
            error = e;
        }
        if (isRefusal(error) || closing.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            // Not sent because this healer may no longer act, or cut short because it is closing: its outcome is not
            // this healer's to record; the next leader finds the step ACTING and verifies (destructive) or repeats
            // (harmless) it.
            LOG.info("step {} of node {} left for the next leader to verify: {}", a.step().name(), node,
                    error == null ? "the healer is closing" : error.getMessage());
            return Outcome.failed(node, term, error, null, Optional.of(acting), true);
        }
        Decision.Save after = (Decision.Save) runner.acted(a.acting(), a.step(), result, error, clock.instant());
        try {
            return Outcome.record(node, term, Optional.of(save(acting, after)));
        } catch (ConcurrentUpdateException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.failed(node, term, e, after, Optional.of(acting), true);
        }
    }

    /** Runs the step's action; interrupts it and fails when the step's limit passes. */
    private Remediation bounded(Decision.Act a, StepContext ctx) {
        if (ctx.limit().isNegative() || ctx.limit().isZero()) {
            throw new StepLimitException(a.step().name(), settings.timeout(a.step().name()));
        }
        Future<Remediation> f = actions.submit(() -> a.step().act(ctx));
        try {
            return f.get(ctx.limit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new StepLimitException(a.step().name(), settings.timeout(a.step().name()));
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while step " + a.step().name() + " acted", e); // a refusal
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static boolean isRefusal(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof dev.selfheal.spi.ActionNotPermittedException || c instanceof LeaderGuard.NotLeaderException
                    || c instanceof ClosingException || c instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private Outcome untaint(String node, long term) {
        cluster.removeTaint(node, ClusterOperations.OUT_OF_SERVICE_TAINT);
        cluster.removeTaint(node, ClusterOperations.FENCED_TAINT);
        notify.tell(Notice.of(node, null, EventReason.OutOfServiceTaintRemoved, "node is healthy again; taints "
                + ClusterOperations.OUT_OF_SERVICE_TAINT + " and " + ClusterOperations.FENCED_TAINT + " removed, workloads may return"));
        return Outcome.unchanged(node, term);
    }

    private Outcome reload(String node, long term) {
        try {
            return Outcome.record(node, term, store.load(node));
        } catch (RuntimeException e) {
            return Outcome.failed(node, term, e, null, Optional.empty(), false);
        }
    }

    /** Nothing more is written once the engine closes. */
    static final class ClosingException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ClosingException() {
            super("the healer is closing; nothing more is written");
        }
    }

    /** A step's action did not return within the step's limit. */
    static final class StepLimitException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        StepLimitException(String step, Duration limit) {
            super("its action did not return within the step's limit of " + limit + " (step " + step + ")");
        }
    }
}

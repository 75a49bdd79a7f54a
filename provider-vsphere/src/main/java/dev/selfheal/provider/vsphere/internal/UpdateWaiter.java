package dev.selfheal.provider.vsphere.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for properties of one object to reach a state with a time limit, the way vSphere clients do: a
 * property collector of its own with a filter on the object, and {@code WaitForUpdatesEx} long polls (the
 * server holds each call until something changes or {@code maxWaitSeconds} pass), so there is no sleeping
 * on this side. Deadlines are measured with the injected clock.
 */
final class UpdateWaiter {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateWaiter.class);
    private static final long MAX_WAIT_SECONDS = 20;

    private final VimSession session;
    private final Clock clock;

    UpdateWaiter(VimSession session, Clock clock) {
        this.session = session;
        this.clock = clock;
    }

    /** What to wait for. */
    record Wait(String method, String what, MoRef obj, List<String> paths, Predicate<Map<String, XmlNode>> done,
                Function<Map<String, XmlNode>, String> describe) {
    }

    /**
     * Waits until {@code wait.done} holds for the latest values of {@code wait.paths}.
     *
     * @return the values that satisfied it
     * @throws VimTimeoutException when {@code limit} passes first
     */
    Map<String, XmlNode> await(Wait wait, Duration limit) {
        Instant deadline = clock.instant().plus(limit);
        long maxPolls = limit.toSeconds() + 50; // bounds the loop even with a clock that stands still
        Map<String, XmlNode> seen = new HashMap<>();
        MoRef collector = createCollector(wait);
        String version = "";
        try {
            for (long polls = 0; ; polls++) {
                if (!seen.isEmpty() && wait.done().test(seen)) {
                    return seen;
                }
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero() || polls >= maxPolls) {
                    throw new VimTimeoutException(wait.method(), wait.what(), limit, wait.describe().apply(seen));
                }
                try {
                    version = poll(collector, version, left, seen);
                } catch (VimFaultException e) {
                    if (!isGone(e, collector)) {
                        throw e;
                    }
                    collector = createCollector(wait); // the session was renewed and took the collector with it
                    version = "";
                }
            }
        } finally {
            destroy(collector);
        }
    }

    private String poll(MoRef collector, String version, Duration left, Map<String, XmlNode> seen) {
        long wait = Math.max(1, Math.min(MAX_WAIT_SECONDS, (left.toMillis() + 999) / 1000));
        SoapRequest request = SoapRequest.of("WaitForUpdatesEx", collector,
                w -> w.text("version", version).start("options").number("maxWaitSeconds", wait).end());
        Optional<XmlNode> update = session.invoke(request, r -> r.child("returnval"),
                session.endpoint().requestTimeout().plusSeconds(wait));
        if (update.isEmpty()) {
            return version;
        }
        for (XmlNode filterSet : update.get().children("filterSet")) {
            for (XmlNode objectSet : filterSet.children("objectSet")) {
                for (XmlNode change : objectSet.children("changeSet")) {
                    String name = change.text("name").orElse("");
                    Optional<XmlNode> val = change.child("val");
                    if (val.isPresent() && "assign".equals(change.text("op").orElse("assign"))) {
                        seen.put(name, val.get());
                    } else {
                        seen.remove(name);
                    }
                }
            }
        }
        return update.get().text("version").orElse(version);
    }

    private MoRef createCollector(Wait wait) {
        ServiceContent sc = session.serviceContent();
        MoRef collector = session.invoke(SoapRequest.of("CreatePropertyCollector", sc.propertyCollector()),
                r -> r.child("returnval").orElseThrow().asMoRef());
        session.invoke(SoapRequest.of("CreateFilter", collector, w -> {
            w.start("spec").start("propSet").text("type", wait.obj().type());
            wait.paths().forEach(p -> w.text("pathSet", p));
            w.end().start("objectSet").moRef("obj", wait.obj()).bool("skip", false).end().end();
            w.bool("partialUpdates", false);
        }), r -> r);
        return collector;
    }

    private void destroy(MoRef collector) {
        try {
            session.invoke(SoapRequest.of("DestroyPropertyCollector", collector), r -> r);
        } catch (RuntimeException e) {
            LOG.debug("DestroyPropertyCollector {} failed (it ends with the session): {}",
                    session.redactor().redact(collector.value()), e.getMessage());
        }
    }

    private static boolean isGone(VimFaultException e, MoRef collector) {
        return e.is("ManagedObjectNotFound") && e.fault().field("obj").map(collector.value()::equals).orElse(false);
    }
}

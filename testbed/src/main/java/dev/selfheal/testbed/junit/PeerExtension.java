package dev.selfheal.testbed.junit;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Base of the testbed's JUnit 5 extensions: starts one peer lazily the first time a test asks for it
 * (as a constructor, lifecycle-method or test-method parameter), shares it with every test class of the
 * run, and closes it when the run ends. A peer that cannot start fails the test with the peer's message
 * (what to install, the peer's log tail); it never skips.
 *
 * @param <T> the peer type handed to tests
 */
public abstract class PeerExtension<T extends AutoCloseable> implements ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create("dev.selfheal.testbed");

    private final Class<T> type;
    private final Supplier<T> starter;

    /**
     * @param type the peer type tests declare as a parameter
     * @param starter starts a ready peer
     */
    protected PeerExtension(Class<T> type, Supplier<T> starter) {
        this.type = type;
        this.starter = starter;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return peer(extensionContext);
    }

    /** The shared peer, started on first use. */
    public T peer(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NS);
        Holder<?> holder = store.getOrComputeIfAbsent(getClass().getName(), k -> new Holder<>(starter), Holder.class);
        try {
            return type.cast(holder.get());
        } catch (RuntimeException | Error e) {
            throw new ParameterResolutionException("could not start " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Starts the peer once; JUnit closes it with the root context (store values that are AutoCloseable). */
    private static final class Holder<T extends AutoCloseable> implements AutoCloseable {
        private final Supplier<T> starter;
        private T peer;
        private Throwable failure;

        Holder(Supplier<T> starter) {
            this.starter = starter;
        }

        synchronized T get() {
            if (failure != null) {
                throw new IllegalStateException("failed earlier in this run: " + failure.getMessage(), failure);
            }
            if (peer == null) {
                try {
                    peer = starter.get();
                } catch (RuntimeException | Error e) {
                    failure = e;
                    throw e;
                }
            }
            return peer;
        }

        @Override
        public synchronized void close() throws Exception {
            if (peer != null) {
                peer.close();
                peer = null;
            }
        }
    }
}

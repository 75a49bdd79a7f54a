package dev.selfheal.provider.vsphere;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.testbed.vsphere.Vcsim;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Provider configurations for a vcsim, and log capture. */
final class TestProviders {

    private TestProviders() {
    }

    /** A configuration that logs in to {@code vc} and trusts its test CA. */
    static ProviderConfig.Builder config(Vcsim vc) {
        return ProviderConfig.builder("vsphere")
                .set("url", vc.url().toString())
                .set("username", vc.username())
                .secret("password", vc.password())
                .set("tls.trustStore", vc.caPem().toString())
                .set("timeout.task", "30s")
                .set("timeout.request", "20s");
    }

    /** A provider built through the factory, as the healer builds it. */
    static VsphereProvider create(ProviderConfig config) {
        InfrastructureProvider p = new VsphereProviderFactory().create(ProviderContext.of(config));
        return (VsphereProvider) p;
    }

    /** A provider for {@code vc} with extra settings. */
    static VsphereProvider create(Vcsim vc, Consumer<ProviderConfig.Builder> extra) {
        ProviderConfig.Builder b = config(vc);
        extra.accept(b);
        return create(b.build());
    }

    /** Runs {@code body} and returns what was written to System.err meanwhile (slf4j-simple logs there). */
    static String capturingStderr(Runnable body) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setErr(new PrintStream(new TeeStream(original, capture), true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final PrintStream a;
        private final PrintStream b;

        TeeStream(PrintStream a, PrintStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() {
            a.flush();
            b.flush();
        }
    }
}

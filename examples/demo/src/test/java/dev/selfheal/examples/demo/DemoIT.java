package dev.selfheal.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's main job, as {@code ./demo} runs it: the killed machine is replaced and every milestone printed. */
class DemoIT {

    @Test
    void theEmbeddedDemoHealsTheKilledMachine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new TeeStream(out, System.out), true, StandardCharsets.UTF_8);

        boolean healed = new EmbeddedDemo(new Console(both)).run();

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(healed).as(printed).isTrue();
        for (String milestone : Timeline.ORDER) {
            assertThat(printed).contains(milestone);
        }
        assertThat(printed).doesNotContain("not reached").contains("detached (available to the pod's new node)");
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}

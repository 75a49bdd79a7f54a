package dev.selfheal.agent.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repair lock beside the data directory: a holder elsewhere makes a round answer busy, touching nothing. */
class EtcdMemberRepairLockTest {

    @TempDir
    Path dir;

    @Test
    void aRoundWhileTheLockIsHeldIsBusyAndDoesNothing() throws Exception {
        String closed = "http://127.0.0.1:" + closedPort();
        EtcdMemberSettings s = new EtcdMemberSettings("m0", dir.resolve("data"), closed, "http://127.0.0.1:1", List.of(closed),
                null, null, null, null, Duration.ofSeconds(5), null);
        AtomicInteger calls = new AtomicInteger();
        EtcdMemberRepair repair = new EtcdMemberRepair(s, new LocalMember() {
            @Override
            public void stop() {
                calls.incrementAndGet();
            }

            @Override
            public void start(Map<String, String> flags) {
                calls.incrementAndGet();
            }
        }, Clock.systemUTC(), null);
        try (FileChannel ch = FileChannel.open(dir.resolve("data.repair.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            assertThat(repair.runOnce().detail()).isEqualTo("busy");
        }
        EtcdMemberRepair.Result free = repair.runOnce();
        assertThat(free.decision()).isInstanceOf(MemberRepairDecision.Refuse.class);
        assertThat(free.detail()).contains("no healthy peer");
        assertThat(calls).hasValue(0);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

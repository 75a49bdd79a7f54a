package dev.selfheal.testbed.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A throw-away JVM for {@link ProcessCleanupIT}: starts a real etcd, prints its process group, then waits to be killed. */
public final class PeerHostMain {

    private PeerHostMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path etcd = TestbedCache.executable("etcd-" + Versions.get("ETCD_VERSION"), "etcd", "etcd");
        int client = Ports.free();
        int peer = Ports.free();
        PeerProcess p = PeerProcess.start("etcd", List.of(etcd.toString(), "--data-dir=" + dir.resolve("data"),
                "--listen-client-urls=http://127.0.0.1:" + client, "--advertise-client-urls=http://127.0.0.1:" + client,
                "--listen-peer-urls=http://127.0.0.1:" + peer, "--initial-advertise-peer-urls=http://127.0.0.1:" + peer,
                "--initial-cluster=default=http://127.0.0.1:" + peer), Map.of(), dir, dir.resolve("etcd.log"));
        System.out.println("PGID " + p.pid());
        System.out.flush();
        Thread.sleep(600_000);
    }
}

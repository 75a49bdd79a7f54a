package dev.selfheal.testbed.node;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real nodes' network: a bridge in a network namespace of its own (held by a sleeping process, so it
 * vanishes with that process), one veth per node on it, and one veth to the host carrying the gateway
 * address, where a {@link TcpRelay} reaches the API server (and others reach peers of the host); the host routes
 * each node's pod range through that node, so pods reach the relays too. Addresses: {@code 10.A.B.0/24} for machines
 * (A and B from the JVM pid, so parallel runs do not clash on the host), {@code 10.245.<index>.0/24} for
 * each node's pods; every node routes every other node's pod range through that node.
 */
final class NodeFabric implements AutoCloseable {

    private final PeerProcess holder;
    private final long nsPid;
    private final String prefix;
    private final String hostIf;
    private final TcpRelay relay;
    private final Set<Integer> cut = ConcurrentHashMap.newKeySet();
    private final List<TcpRelay> peerRelays = new java.util.concurrent.CopyOnWriteArrayList<>();

    private NodeFabric(PeerProcess holder, long nsPid, String prefix, String hostIf, TcpRelay relay) {
        this.holder = holder;
        this.nsPid = nsPid;
        this.prefix = prefix;
        this.hostIf = hostIf;
        this.relay = relay;
    }

    /** Creates the network and a relay to 127.0.0.1:{@code apiPort}. */
    static NodeFabric start(Path dir, int apiPort) {
        long pid = ProcessHandle.current().pid();
        String prefix = "10." + (200 + (pid / 250) % 50) + "." + (pid % 250) + ".";
        String hostIf = "shf" + pid;
        // The holder is the pause binary: a name the watchdog (which runs "sleep") never has.
        Path pause = TestbedCache.executable("pause-" + Versions.get("PAUSE_VERSION"), "pause", "pause");
        PeerProcess holder = PeerProcess.start("node-fabric", List.of("unshare", "--net", "--", pause.toString()),
                Map.of(), dir, dir.resolve("logs/node-fabric.log"));
        try {
            long[] ns = new long[1];
            Await.until("the node network's namespace", Duration.ofSeconds(10),
                    () -> (ns[0] = Procs.descendant(holder.pid(), "pause").orElse(0L)) != 0
                            && !Procs.sameNamespace(ns[0], ProcessHandle.current().pid(), "net"));
            String net = "--net=/proc/" + ns[0] + "/ns/net";
            HostCommand.run("nsenter", net, "sh", "-ec",
                    "ip link set lo up; ip link add br0 type bridge; ip link set br0 up");
            HostCommand.run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", "up0", "netns", Long.toString(ns[0]));
            HostCommand.run("ip", "addr", "add", prefix + "1/24", "dev", hostIf);
            HostCommand.run("ip", "link", "set", hostIf, "up");
            HostCommand.run("nsenter", net, "sh", "-ec", "ip link set up0 master br0; ip link set up0 up");
            return new NodeFabric(holder, ns[0], prefix, hostIf, TcpRelay.start(prefix + "1", apiPort));
        } catch (RuntimeException | Error e) {
            holder.kill();
            throw e;
        }
    }

    /** The host's address on the node network, the nodes' default gateway. */
    String gateway() {
        return prefix + "1";
    }

    /** The relay port on {@link #gateway()} that reaches the API server. */
    int apiPort() {
        return relay.port();
    }

    /** A relay on {@link #gateway()} to 127.0.0.1:{@code port} of the host, closed with the network; its port. */
    synchronized int relayTo(int port) {
        TcpRelay r = TcpRelay.start(gateway(), port);
        peerRelays.add(r);
        return r.port();
    }

    /** A node's machine address. */
    String nodeIp(int index) {
        return prefix + (10 + index);
    }

    /** A node's pod range. */
    static String podCidr(int index) {
        return "10.245." + index + ".0/24";
    }

    /** Plugs a freshly booted node (its namespaces held by {@code nodePid}) into the network. */
    void attach(int index, long nodePid) {
        String veth = "n" + index;
        String fabric = "--net=/proc/" + nsPid + "/ns/net";
        HostCommand.tryRun(List.of("nsenter", fabric, "ip", "link", "del", veth));
        HostCommand.run("nsenter", fabric, "ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0",
                "netns", Long.toString(nodePid));
        HostCommand.run("nsenter", fabric, "sh", "-ec", "ip link set " + veth + " master br0"
                + (cut.contains(index) ? "" : "; ip link set " + veth + " up"));
        HostCommand.run("nsenter", "--net=/proc/" + nodePid + "/ns/net", "sh", "-ec",
                "ip link set lo up; ip link set eth0 address " + mac(index) + "; ip addr add " + nodeIp(index)
                        + "/24 dev eth0; ip link set eth0 up;"
                        + " ip route add default via " + gateway());
        // The host answers the node's pods (the relays listen on the gateway); the route goes with the host end.
        HostCommand.run("ip", "route", "replace", podCidr(index), "via", nodeIp(index), "dev", hostIf);
    }

    /**
     * The MAC address of node {@code index}'s network card: the same at every boot, as a machine's, so its neighbours'
     * ARP caches stay right across a reboot (a new address per boot left the host and the other nodes sending to the
     * old one until their entries went stale, up to about 45 s).
     */
    static String mac(int index) {
        return String.format("02:5e:1f:00:%02x:%02x", (index >> 8) & 0xff, index & 0xff);
    }

    /**
     * Cuts a node off the network at the switch (its port on the bridge goes down), or connects it again; a cut
     * outlives the node's reboots until undone.
     */
    void cut(int index, boolean off) {
        if (off) {
            cut.add(index);
        } else {
            cut.remove(index);
        }
        HostCommand.tryRun(List.of("nsenter", "--net=/proc/" + nsPid + "/ns/net", "ip", "link", "set", "n" + index,
                off ? "down" : "up"));
    }

    /** Routes the pod range of node {@code to} through that node, inside the node held by {@code fromPid}. */
    void route(long fromPid, int to) {
        HostCommand.run("nsenter", "--net=/proc/" + fromPid + "/ns/net", "ip", "route", "replace", podCidr(to),
                "via", nodeIp(to));
    }

    /** The host end's interface name. */
    String hostInterface() {
        return hostIf;
    }

    @Override
    public void close() {
        relay.close();
        peerRelays.forEach(TcpRelay::close);
        holder.kill();
    }
}

package dev.selfheal.agent.probe;

import dev.selfheal.agent.internal.HttpCall;
import dev.selfheal.agent.runtime.Commands;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * Asks a component whether it is healthy: an HTTP(S) endpoint, a TCP port, a command, the CRI socket. A probe
 * never throws and never takes longer than its time-out (plus connection set-up).
 */
@FunctionalInterface
public interface HealthProbe {

    /** Probes once. */
    ProbeResult check();

    /**
     * The probe a spec describes; {@link ProbeType#NONE} always answers healthy (the runtime's state decides).
     *
     * @param commands runs {@link ProbeType#EXEC} probes
     */
    static HealthProbe of(ProbeSpec spec, Commands commands) {
        return switch (spec.type()) {
            case HTTP, HTTPS -> http(spec);
            case TCP -> () -> tcp(spec);
            case EXEC -> () -> exec(spec, commands);
            case CRI_SOCKET -> () -> criSocket(spec);
            case NONE -> () -> ProbeResult.ok("no probe; running");
        };
    }

    private static HealthProbe http(ProbeSpec spec) {
        HttpCall http = spec.httpCall();
        return () -> {
            try {
                HttpCall.Response r = http.get(spec.url());
                String what = "GET " + spec.url() + " -> " + r.status();
                if (!r.ok()) {
                    return ProbeResult.failed(what + " " + abbreviate(r.body()));
                }
                if (spec.expectBody() != null && !r.body().contains(spec.expectBody())) {
                    return ProbeResult.failed(what + " without " + spec.expectBody() + ": " + abbreviate(r.body()));
                }
                return ProbeResult.ok(what);
            } catch (IOException | RuntimeException e) {
                return ProbeResult.failed("GET " + spec.url() + " failed: " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        };
    }

    private static ProbeResult tcp(ProbeSpec spec) {
        int colon = spec.address().lastIndexOf(':');
        String host = spec.address().substring(0, colon);
        int port = Integer.parseInt(spec.address().substring(colon + 1));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) spec.timeout().toMillis());
            return ProbeResult.ok("tcp " + spec.address() + " open");
        } catch (IOException e) {
            return ProbeResult.failed("tcp " + spec.address() + ": " + e.getMessage());
        }
    }

    private static ProbeResult exec(ProbeSpec spec, Commands commands) {
        Commands.Result r = commands.run(spec.command(), spec.timeout());
        String what = String.join(" ", spec.command()) + " -> " + r.describe();
        return r.exitCode() == 0 ? ProbeResult.ok(what) : ProbeResult.failed(what + ": " + abbreviate(r.output()));
    }

    private static ProbeResult criSocket(ProbeSpec spec) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(spec.socket()));
            return ProbeResult.ok("CRI socket " + spec.socket() + " accepts connections");
        } catch (IOException | RuntimeException e) {
            return ProbeResult.failed("CRI socket " + spec.socket() + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        String t = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return t.length() > 200 ? t.substring(0, 200) + "..." : t;
    }
}

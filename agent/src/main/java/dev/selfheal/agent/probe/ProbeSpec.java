package dev.selfheal.agent.probe;

import dev.selfheal.agent.AgentConfigReader;
import dev.selfheal.agent.config.AgentConfigException;
import dev.selfheal.agent.config.ConfigIds;
import dev.selfheal.agent.internal.HttpCall;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What "healthy" means for a component.
 *
 * @param type the probe kind
 * @param url the URL of an HTTP(S) probe
 * @param address {@code host:port} of a TCP probe
 * @param command the command of an EXEC probe
 * @param socket the CRI socket of a CRI_SOCKET probe
 * @param expectBody text the HTTP answer must contain, or null
 * @param caFile PEM CA bundle that signed the server certificate (HTTPS), or null for the JDK's trust store
 * @param certFile PEM client certificate (HTTPS), or null
 * @param keyFile PEM private key of the client certificate (PKCS#8 or PKCS#1 RSA), or null
 * @param insecureSkipVerify accept any server certificate (self-signed scheduler and controller-manager)
 * @param timeout how long one probe may take (100 ms to 1 min)
 */
public record ProbeSpec(ProbeType type, String url, String address, List<String> command, Path socket,
                        String expectBody, Path caFile, Path certFile, Path keyFile, boolean insecureSkipVerify,
                        Duration timeout) {

    /** Default probe time-out. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** Copies lists and checks the fields the type needs. */
    public ProbeSpec {
        Objects.requireNonNull(type, "type");
        command = command == null ? List.of() : List.copyOf(command);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        String need = switch (type) {
            case HTTP, HTTPS -> url == null || url.isBlank() ? "url" : null;
            case TCP -> address == null || !address.matches(".+:\\d{1,5}") ? "address" : null;
            case EXEC -> command.isEmpty() ? "command" : null;
            case CRI_SOCKET -> socket == null ? "socket" : null;
            case NONE -> null;
        };
        if (need != null) {
            throw new AgentConfigException("probe." + need, "is required for a probe of type "
                    + ConfigIds.idOf(type) + (need.equals("address") ? " (host:port)" : ""));
        }
        if ((certFile == null) != (keyFile == null)) {
            throw new AgentConfigException("probe.certFile", "certFile and keyFile go together; set both or neither");
        }
    }

    /** An HTTP(S) probe of a URL. */
    public static ProbeSpec http(String url) {
        ProbeType t = url.startsWith("https:") ? ProbeType.HTTPS : ProbeType.HTTP;
        return new ProbeSpec(t, url, null, null, null, null, null, null, null, false, null);
    }

    /** No probe: the runtime's "running" is the health. */
    public static ProbeSpec none() {
        return new ProbeSpec(ProbeType.NONE, null, null, null, null, null, null, null, null, false, null);
    }

    /** A short description for logs and condition messages (never credentials). */
    public String describe() {
        return switch (type) {
            case HTTP, HTTPS -> "GET " + url;
            case TCP -> "tcp " + address;
            case EXEC -> "exec " + command.get(0);
            case CRI_SOCKET -> "CRI socket " + socket;
            case NONE -> "process running";
        };
    }

    /** A bounded HTTP(S) caller with this spec's TLS settings and time-out. */
    public HttpCall httpCall() {
        return new HttpCall(caFile, certFile, keyFile, insecureSkipVerify, timeout);
    }
}

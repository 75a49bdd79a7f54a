package dev.selfheal.testbed.aws;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real moto server ({@code moto_server} from PyPI {@code moto[server]}, pinned by {@code MOTO_VERSION}) on
 * 127.0.0.1: one HTTP endpoint that answers every AWS service (EC2, Auto Scaling, ...) with in-memory state.
 *
 * <p>Clients use {@link #endpoint()} as the endpoint override, {@link #region()} and the dummy static
 * credentials {@link #accessKeyId()} / {@link #secretAccessKey()}. {@link #reset()} clears all state between
 * tests. Provisioned by {@code testbed/provision/provision.sh moto}; when missing, {@link #start()} fails with
 * a {@link MissingPeerException} saying so.
 */
public final class MotoServer implements AutoCloseable {

    /** The region the testbed uses; moto accepts any region name. */
    public static final String DEFAULT_REGION = "us-east-1";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PeerProcess process;
    private final int port;
    private final String region;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(PeerProcess process, int port, String region) {
        this.process = process;
        this.port = port;
        this.region = region;
    }

    /**
     * Starts moto on a free port and waits until it answers.
     *
     * @throws MissingPeerException when the moto virtual environment is not provisioned
     */
    public static MotoServer start() {
        return start(DEFAULT_REGION);
    }

    /**
     * Starts moto on a free port; {@link #region()} returns {@code region}.
     *
     * @throws MissingPeerException when the moto virtual environment is not provisioned
     */
    public static MotoServer start(String region) {
        Path exe = TestbedCache.executable("venv-moto-" + Versions.get("MOTO_VERSION"), "moto_server", "moto");
        Path dir = Workspace.newDir("moto");
        int port = Ports.free();
        PeerProcess p = PeerProcess.start("moto", List.of(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)),
                Map.of("PYTHONUNBUFFERED", "1", "AWS_DEFAULT_REGION", region), dir, dir.resolve("moto.log"));
        MotoServer moto = new MotoServer(p, port, region);
        try {
            Await.ready(p, START_TIMEOUT, () -> moto.get("/moto-api/") == 200);
        } catch (RuntimeException | Error e) {
            p.kill();
            throw e;
        }
        return moto;
    }

    /** The endpoint every AWS SDK client points at: {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port moto listens on. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as an upstream for a proxy. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The region clients should use. */
    public String region() {
        return region;
    }

    /** A dummy access key id; moto accepts any. */
    public String accessKeyId() {
        return "testing";
    }

    /** A dummy secret access key; moto accepts any. */
    public String secretAccessKey() {
        return "testing";
    }

    /** Clears all state of every service ({@code POST /moto-api/reset}). */
    public void reset() {
        HttpRequest req = HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto reset answered HTTP " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed: " + e.getMessage() + "; log " + process.log()
                    + ":\n" + process.logTail(20), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The process, for fault injection ({@link PeerProcess#freeze(boolean)}, {@link PeerProcess#kill()}). */
    public PeerProcess process() {
        return process;
    }

    /** Stops moto. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }

    private int get(String path) {
        HttpRequest req = HttpRequest.newBuilder(endpoint().resolve(path)).timeout(Duration.ofSeconds(2)).GET().build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "MotoServer[" + endpoint() + ", region " + region + "]";
    }
}

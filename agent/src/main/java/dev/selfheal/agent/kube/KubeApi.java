package dev.selfheal.agent.kube;

import dev.selfheal.agent.internal.Json;
import dev.selfheal.agent.internal.JsonReader;
import dev.selfheal.agent.internal.JsonWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's Kubernetes API client: one JDK {@link HttpClient} (HTTP/1.1, keep-alive, redirects never followed,
 * so a credential never goes to another server), every call bounded by the request time-out, no retries of its
 * own (the agent's reporter retries on its next round). Paths are API paths such as
 * {@code /api/v1/nodes/n1}; bodies are maps and lists written as JSON. A refused call throws a
 * {@link KubeApiException} that names the call and the HTTP status.
 */
public final class KubeApi {

    /** The content type of a JSON merge patch (RFC 7386). */
    public static final String MERGE_PATCH = "application/merge-patch+json";
    /** The content type of a Kubernetes strategic merge patch. */
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final int ERROR_BODY_LIMIT = 512;

    private final KubeEndpoint endpoint;
    private final Duration timeout;
    private final HttpClient http;

    KubeApi(KubeEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(endpoint.ssl())
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).executor(executor()).build();
    }

    /** At most two threads for the client's own tasks, gone when idle (the JDK's default pool grows freely). */
    private static ExecutorService executor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "selfheal-agent-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * A client from a kubeconfig file's current context; without one, the in-cluster ServiceAccount when the agent
     * runs in a pod, else {@code $KUBECONFIG} or {@code ~/.kube/config}.
     *
     * @param kubeconfig the kubeconfig, or null
     * @param requestTimeout the bound of every call
     * @throws IllegalArgumentException naming the kubeconfig field that cannot be used
     */
    public static KubeApi connect(Path kubeconfig, Duration requestTimeout) {
        if (kubeconfig != null) {
            return new KubeApi(KubeconfigReader.read(kubeconfig), requestTimeout);
        }
        Map<String, String> env = System.getenv();
        if (env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isRegularFile(KubeconfigReader.SERVICE_ACCOUNT.resolve("token"))) {
            return new KubeApi(KubeconfigReader.inCluster(env, KubeconfigReader.SERVICE_ACCOUNT), requestTimeout);
        }
        String fromEnv = env.get("KUBECONFIG");
        Path file = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv.split(File.pathSeparator)[0])
                : Path.of(System.getProperty("user.home"), ".kube", "config");
        return new KubeApi(KubeconfigReader.read(file), requestTimeout);
    }

    /** The API server's URL. */
    public URI server() {
        return endpoint.server();
    }

    /** GETs an object. */
    public Map<String, Object> get(String call, String path) {
        return object(call, send(call, request(path).GET(), true));
    }

    /** POSTs a new object to a collection. */
    public void create(String call, String collectionPath, Map<String, Object> object) {
        send(call, request(collectionPath).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonWriter.write(object))), false);
    }

    /**
     * PATCHes an object.
     *
     * @param type {@link #MERGE_PATCH} or {@link #STRATEGIC_MERGE_PATCH}
     */
    public void patch(String call, String path, String type, Map<String, Object> patch) {
        if (!MERGE_PATCH.equals(type) && !STRATEGIC_MERGE_PATCH.equals(type)) {
            throw new IllegalArgumentException("patch type must be " + MERGE_PATCH + " or " + STRATEGIC_MERGE_PATCH + ", got " + type);
        }
        send(call, request(path).header("Content-Type", type).method("PATCH",
                HttpRequest.BodyPublishers.ofString(JsonWriter.write(patch))), false);
    }

    /** Server-side apply of a whole object as this field manager, taking over conflicting fields. */
    public void apply(String call, String path, String fieldManager, Map<String, Object> object) {
        send(call, request(path + "?fieldManager=" + fieldManager + "&force=true").header("Content-Type", APPLY_PATCH)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JsonWriter.write(object))), false);
    }

    /**
     * Opens a watch ({@code path} with {@code watch=true} and its other query parameters); the caller reads and
     * closes it. Only the answer's headers are bounded by the request time-out.
     */
    public KubeWatch watch(String call, String path) {
        HttpResponse<InputStream> r = exchange(call, request(path).GET(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw refused(call, r.statusCode(), body);
        }
        return new KubeWatch(r.body(), call);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.server().resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (endpoint.token() != null) {
            b.header("Authorization", "Bearer " + endpoint.token().get());
        }
        return b;
    }

    /** The body when {@code keep} or the call failed, else null. */
    private String send(String call, HttpRequest.Builder request, boolean keep) {
        HttpResponse<String> r = exchange(call, request, info -> keep || info.statusCode() >= 300
                ? HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8)
                : HttpResponse.BodySubscribers.replacing(null));
        if (r.statusCode() >= 300) {
            throw refused(call, r.statusCode(), r.body());
        }
        return r.body();
    }

    private <T> HttpResponse<T> exchange(String call, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request.build(), handler);
        } catch (IOException e) {
            throw new KubeApiException(call + ": no answer from " + endpoint.server() + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + ")", 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeApiException(call + ": interrupted", 0, e);
        }
    }

    private static Map<String, Object> object(String call, String body) {
        try {
            return Json.object(JsonReader.parse(body));
        } catch (IllegalArgumentException e) {
            throw new KubeApiException(call + ": the answer is not JSON (" + e.getMessage() + ")", 200, e);
        }
    }

    private static KubeApiException refused(String call, int status, String body) {
        String message;
        try {
            message = Json.text(JsonReader.parse(body), null, "message");
        } catch (IllegalArgumentException e) {
            message = null;
        }
        if (message == null) {
            message = body == null ? "" : body.strip();
        }
        if (message.length() > ERROR_BODY_LIMIT) {
            message = message.substring(0, ERROR_BODY_LIMIT) + "...";
        }
        return new KubeApiException(call + ": HTTP " + status + (message.isEmpty() ? "" : " " + message), status, null);
    }
}

package dev.selfheal.agent.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The few etcd v3 calls the agent needs, through etcd's JSON gateway (served on the client port): status
 * (revision), range reads, and the snapshot stream of {@code /v3/maintenance/snapshot}, whose last message is
 * the SHA-256 of the database: a snapshot whose checksum does not match is refused.
 */
public final class EtcdGateway {

    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final String endpoint;
    private final HttpCall http;

    public EtcdGateway(String endpoint, HttpCall http) {
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.http = http;
    }

    /** A key and its value. */
    public record KeyValue(String key, byte[] value) {
    }

    public String endpoint() {
        return endpoint;
    }

    /** Whether etcd answers {@code /health} with health true. */
    public boolean healthy() {
        try {
            HttpCall.Response r = http.get(endpoint + "/health");
            return r.ok() && r.body().contains("\"health\":\"true\"");
        } catch (IOException e) {
            return false;
        }
    }

    /** The store's current revision. */
    public long revision() throws IOException {
        String rev = Json.text(call("/v3/maintenance/status", "{}"), "0", "header", "revision");
        try {
            return Long.parseLong(rev);
        } catch (NumberFormatException e) {
            throw new IOException("etcd at " + endpoint + " reported a revision that is not a number");
        }
    }

    /** Every key starting with {@code prefix}. */
    public List<KeyValue> rangePrefix(String prefix) throws IOException {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] end = Arrays.copyOf(start, start.length);
        end[end.length - 1]++;
        String body = JsonWriter.write(Map.of("key", B64.encodeToString(start), "range_end", B64.encodeToString(end)));
        List<KeyValue> out = new ArrayList<>();
        for (Object kv : Json.array(call("/v3/kv/range", body), "kvs")) {
            out.add(new KeyValue(new String(B64D.decode(Json.text(kv, "", "key")), StandardCharsets.UTF_8),
                    B64D.decode(Json.text(kv, "", "value"))));
        }
        return out;
    }

    /**
     * Streams a snapshot of the database into {@code target} (which the caller then commits atomically).
     *
     * @return the database's SHA-256, hex, as etcd computed it and as verified here
     * @throws IOException when the stream breaks or the checksum does not match
     */
    public String snapshot(Path target, Duration readTimeout) throws IOException {
        MessageDigest digest = AtomicFiles.digest();
        byte[] pending = null;
        try (InputStream in = http.postStream(endpoint + "/v3/maintenance/snapshot", "{}", readTimeout);
             OutputStream out = Files.newOutputStream(target)) {
            JsonReader it = new JsonReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 65536));
            while (it.hasNext()) {
                Object msg = it.next();
                if (Json.object(msg).containsKey("error")) {
                    throw new IOException("etcd refused the snapshot: " + Json.text(msg, "(no message)", "error", "message"));
                }
                if (pending != null) {
                    out.write(pending);
                    digest.update(pending);
                }
                pending = B64D.decode(Json.text(msg, "", "result", "blob"));
            }
        }
        String computed = HexFormat.of().formatHex(digest.digest());
        if (pending == null || pending.length != 32 || !HexFormat.of().formatHex(pending).equals(computed)) {
            throw new IOException("etcd snapshot from " + endpoint + " is incomplete or corrupt: checksum mismatch");
        }
        return computed;
    }

    private Object call(String path, String body) throws IOException {
        HttpCall.Response r = http.post(endpoint + path, body);
        if (!r.ok()) {
            throw new IOException("POST " + endpoint + path + " answered " + r.status() + ": " + r.body().strip());
        }
        try {
            return JsonReader.parse(r.body());
        } catch (IllegalArgumentException e) {
            throw new IOException("POST " + endpoint + path + " answered no JSON: " + e.getMessage());
        }
    }
}

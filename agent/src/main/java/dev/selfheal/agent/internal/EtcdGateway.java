package dev.selfheal.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * The few etcd v3 calls the agent needs, through etcd's JSON gateway (served on the client port): status
 * (revision), range reads, and the snapshot stream of {@code /v3/maintenance/snapshot}, whose last message is
 * the SHA-256 of the database: a snapshot whose checksum does not match is refused.
 */
public final class EtcdGateway {

    private static final ObjectMapper JSON = new ObjectMapper();
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
        return header(call("/v3/maintenance/status", "{}")).path("revision").asLong();
    }

    /** Every key starting with {@code prefix}. */
    public List<KeyValue> rangePrefix(String prefix) throws IOException {
        byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] end = Arrays.copyOf(start, start.length);
        end[end.length - 1]++;
        String body = JSON.createObjectNode().put("key", B64.encodeToString(start)).put("range_end", B64.encodeToString(end)).toString();
        List<KeyValue> out = new ArrayList<>();
        for (JsonNode kv : call("/v3/kv/range", body).path("kvs")) {
            out.add(new KeyValue(new String(B64D.decode(kv.path("key").asText()), StandardCharsets.UTF_8),
                    B64D.decode(kv.path("value").asText(""))));
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
             OutputStream out = Files.newOutputStream(target);
             MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(in)) {
            while (it.hasNextValue()) {
                JsonNode msg = it.nextValue();
                if (msg.has("error")) {
                    throw new IOException("etcd refused the snapshot: " + msg.path("error").path("message").asText(msg.toString()));
                }
                if (pending != null) {
                    out.write(pending);
                    digest.update(pending);
                }
                pending = B64D.decode(msg.path("result").path("blob").asText(""));
            }
        }
        String computed = HexFormat.of().formatHex(digest.digest());
        if (pending == null || pending.length != 32 || !HexFormat.of().formatHex(pending).equals(computed)) {
            throw new IOException("etcd snapshot from " + endpoint + " is incomplete or corrupt: checksum mismatch");
        }
        return computed;
    }

    private JsonNode call(String path, String body) throws IOException {
        HttpCall.Response r = http.post(endpoint + path, body);
        if (!r.ok()) {
            throw new IOException("POST " + endpoint + path + " answered " + r.status() + ": " + r.body().strip());
        }
        return JSON.readTree(r.body());
    }

    private static JsonNode header(JsonNode n) {
        return n.path("header");
    }
}

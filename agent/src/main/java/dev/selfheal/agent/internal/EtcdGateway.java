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
 * (revision, member and cluster id), range reads and puts, the cluster's membership ({@code /v3/cluster/member/list},
 * {@code add}, {@code remove}), and the snapshot stream of {@code /v3/maintenance/snapshot}, whose last message
 * is the SHA-256 of the database: a snapshot whose checksum does not match is refused. Member and cluster ids are
 * unsigned 64-bit numbers, kept as the decimal text etcd writes.
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

    /** A key changed at a revision (its value not read). */
    public record KeyRevision(String key, long modRevision) {
    }

    /**
     * A member of the cluster as {@code member/list} shows it; an added member not started yet has no name.
     *
     * @param id the member id (unsigned decimal)
     * @param name its name, empty until it started
     * @param peerUrls its peer URLs
     * @param clientUrls its client URLs, empty until it started
     * @param learner whether it is a learner (added so, not promoted yet: it does not count for the quorum)
     */
    public record Member(String id, String name, List<String> peerUrls, List<String> clientUrls, boolean learner) {
        /** Copies. */
        public Member {
            peerUrls = List.copyOf(peerUrls);
            clientUrls = List.copyOf(clientUrls);
        }

        /** A voting member. */
        public Member(String id, String name, List<String> peerUrls, List<String> clientUrls) {
            this(id, name, peerUrls, clientUrls, false);
        }

        /** Whether it has started (an added member has no name until then). */
        public boolean started() {
            return !name.isEmpty();
        }

        /** The id in hex, as etcdctl prints it. */
        public String hexId() {
            return Long.toHexString(Long.parseUnsignedLong(id));
        }
    }

    /**
     * What a member says of itself.
     *
     * @param memberId its member id
     * @param clusterId its cluster id
     * @param revision the store's revision
     */
    public record Status(String memberId, String clusterId, long revision) {
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
        return revision(call("/v3/maintenance/status", "{}"));
    }

    private long revision(Object status) throws IOException {
        String rev = Json.text(status, "0", "header", "revision");
        try {
            return Long.parseLong(rev);
        } catch (NumberFormatException e) {
            throw new IOException("etcd at " + endpoint + " reported a revision that is not a number");
        }
    }

    /** The member's own view: its member and cluster id, and the revision. */
    public Status status() throws IOException {
        Object r = call("/v3/maintenance/status", "{}");
        return new Status(Json.text(r, "", "header", "member_id"), Json.text(r, "", "header", "cluster_id"), revision(r));
    }

    /** The cluster's members, as this member knows them. */
    public List<Member> members() throws IOException {
        return members(call("/v3/cluster/member/list", "{}"));
    }

    /** Removes a member by id. */
    public void removeMember(String id) throws IOException {
        call("/v3/cluster/member/remove", JsonWriter.write(Map.of("ID", id)));
    }

    /**
     * Adds a member (not a learner) with these peer URLs.
     *
     * @return the members afterwards, the new one among them (not started, no name)
     */
    public List<Member> addMember(List<String> peerUrls) throws IOException {
        return addMember(peerUrls, false);
    }

    /**
     * Adds a member with these peer URLs, as a learner or not; a learner does not count for the quorum until it is
     * promoted ({@link #promoteMember(String)}).
     *
     * @return the members listed after the add
     */
    public List<Member> addMember(List<String> peerUrls, boolean learner) throws IOException {
        return members(call("/v3/cluster/member/add", JsonWriter.write(Map.of("peerURLs", peerUrls, "isLearner", learner))));
    }

    /** Promotes a learner to a voting member (etcd refuses until the learner is in sync with the leader). */
    public void promoteMember(String id) throws IOException {
        call("/v3/cluster/member/promote", JsonWriter.write(Map.of("ID", id)));
    }

    /** Writes a key. */
    public void put(String key, byte[] value) throws IOException {
        call("/v3/kv/put", JsonWriter.write(Map.of("key", B64.encodeToString(key.getBytes(StandardCharsets.UTF_8)),
                "value", B64.encodeToString(value))));
    }

    /**
     * Every key whose last change is at {@code revision} or later (keys only; a deleted key is gone from the
     * store and not listed).
     */
    public List<KeyRevision> changedSince(long revision) throws IOException {
        String all = B64.encodeToString(new byte[] {0});
        String body = JsonWriter.write(Map.of("key", all, "range_end", all, "keys_only", true,
                "min_mod_revision", Long.toString(revision)));
        List<KeyRevision> out = new ArrayList<>();
        for (Object kv : Json.array(call("/v3/kv/range", body), "kvs")) {
            out.add(new KeyRevision(new String(B64D.decode(Json.text(kv, "", "key")), StandardCharsets.UTF_8),
                    Long.parseLong(Json.text(kv, "0", "mod_revision"))));
        }
        return out;
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

    private static List<Member> members(Object answer) {
        List<Member> out = new ArrayList<>();
        for (Object m : Json.array(answer, "members")) {
            out.add(new Member(Json.text(m, "", "ID"), Json.text(m, "", "name"), texts(Json.array(m, "peerURLs")),
                    texts(Json.array(m, "clientURLs")), "true".equals(Json.text(m, "false", "isLearner"))));
        }
        return out;
    }

    private static List<String> texts(List<Object> values) {
        return values.stream().map(String::valueOf).toList();
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

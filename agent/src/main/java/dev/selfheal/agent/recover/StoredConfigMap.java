package dev.selfheal.agent.recover;

import dev.selfheal.agent.internal.Json;
import dev.selfheal.agent.internal.JsonReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the {@code data} of a ConfigMap as the API server stores it in etcd, so {@code recover} needs no API
 * server: protobuf (the default: the magic {@code k8s\0}, then a {@code runtime.Unknown} whose field 2 holds the
 * ConfigMap, whose field 2 is its {@code data} map) or JSON. A value encrypted at rest ({@code k8s:enc:}) cannot
 * be read without the API server's key and is refused with that reason.
 */
final class StoredConfigMap {

    private static final byte[] PROTO_MAGIC = {'k', '8', 's', 0};

    private StoredConfigMap() {
    }

    /**
     * The ConfigMap's data.
     *
     * @throws IllegalArgumentException when the value is encrypted or not a ConfigMap in a known encoding
     */
    static Map<String, String> data(byte[] value) {
        if (startsWith(value, "k8s:enc:".getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("the ConfigMap is encrypted at rest; recover cannot read it without the API server's encryption key");
        }
        if (startsWith(value, PROTO_MAGIC)) {
            byte[] unknown = Arrays.copyOfRange(value, PROTO_MAGIC.length, value.length);
            byte[] raw = new Proto(unknown).bytesField(2);
            if (raw == null) {
                throw new IllegalArgumentException("protobuf envelope without an object");
            }
            return mapField(raw, 2);
        }
        Object n;
        try {
            n = JsonReader.parse(new String(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("neither protobuf nor JSON: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        Json.object(n, "data").forEach((k, v) -> out.put(k, Json.text(v, "")));
        return out;
    }

    private static Map<String, String> mapField(byte[] message, int field) {
        Map<String, String> out = new LinkedHashMap<>();
        Proto p = new Proto(message);
        while (p.more()) {
            int key = p.varint();
            if (key >>> 3 == field && (key & 7) == 2) {
                Proto entry = new Proto(p.lengthDelimited());
                String k = null;
                String v = "";
                while (entry.more()) {
                    int ek = entry.varint();
                    if ((ek & 7) != 2) {
                        entry.skip(ek & 7);
                        continue;
                    }
                    String s = new String(entry.lengthDelimited(), StandardCharsets.UTF_8);
                    if (ek >>> 3 == 1) {
                        k = s;
                    } else if (ek >>> 3 == 2) {
                        v = s;
                    }
                }
                if (k != null) {
                    out.put(k, v);
                }
            } else {
                p.skip(key & 7);
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** A minimal protobuf wire-format reader. */
    private static final class Proto {
        private final byte[] b;
        private int at;

        Proto(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return at < b.length;
        }

        int varint() {
            long v = varlong();
            return (int) v;
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= b.length) {
                    throw new IllegalArgumentException("truncated protobuf");
                }
                byte x = b[at++];
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed protobuf varint");
        }

        byte[] lengthDelimited() {
            int len = varint();
            if (len < 0 || at + len > b.length) {
                throw new IllegalArgumentException("truncated protobuf");
            }
            byte[] out = Arrays.copyOfRange(b, at, at + len);
            at += len;
            return out;
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0 -> varlong();
                case 1 -> at += 8;
                case 2 -> lengthDelimited();
                case 5 -> at += 4;
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType);
            }
        }

        /** The first length-delimited field with this number. */
        byte[] bytesField(int field) {
            while (more()) {
                int key = varint();
                if (key >>> 3 == field && (key & 7) == 2) {
                    return lengthDelimited();
                }
                skip(key & 7);
            }
            return null;
        }
    }
}

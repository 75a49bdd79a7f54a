package dev.selfheal.core.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A concurrent map whose immutable copy is rebuilt only after it changed: writers bump a version after each
 * change, {@link #copy()} reuses the last copy while the version is the same. Readers therefore pay for a
 * copy at most once per change, never per snapshot.
 *
 * @param <V> the value type
 */
final class VersionedMap<V> {

    private record Copy<V>(long version, Map<String, V> map) {
    }

    private final ConcurrentHashMap<String, V> map = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    private volatile Copy<V> copy = new Copy<>(0, Map.of());

    /** Sets or removes (null) the value of a key. */
    void set(String key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
        version.incrementAndGet(); // after the change, so a copy tagged with this version contains it
    }

    /** The value of a key, or null. */
    V get(String key) {
        return map.get(key);
    }

    /** The number of keys. */
    int size() {
        return map.size();
    }

    /** An immutable copy, shared with other readers until the next change. */
    Map<String, V> copy() {
        long v = version.get();
        Copy<V> c = copy;
        if (c.version() == v) {
            return c.map();
        }
        Map<String, V> m = Map.copyOf(map);
        copy = new Copy<>(v, m);
        return m;
    }

    /**
     * Copy-on-write update of an immutable list: the element whose identity is {@code id} is replaced by
     * {@code element}, or removed when {@code element} is null. Returns null for an empty result.
     */
    static <E> List<E> replaceIn(List<E> list, Function<E, String> identity, String id, E element) {
        List<E> out = new ArrayList<>(list == null ? 1 : list.size() + 1);
        if (list != null) {
            for (E e : list) {
                if (!identity.apply(e).equals(id)) {
                    out.add(e);
                }
            }
        }
        if (element != null) {
            out.add(element);
        }
        return out.isEmpty() ? null : List.copyOf(out);
    }

    /** Sets the element {@code id} in the list under {@code key} (null element: removes it). */
    static <E> void replace(VersionedMap<List<E>> lists, String key, Function<E, String> identity, String id, E element) {
        lists.map.compute(key, (k, list) -> replaceIn(list, identity, id, element));
        lists.version.incrementAndGet();
    }
}

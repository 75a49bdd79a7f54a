package dev.selfheal.core.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An informer item store that converts every object into its view as it arrives (once per event, on the
 * watch thread, before the informer reports itself synced) and keeps only the view and the resource
 * version: the informer never holds the full objects, so 100,000 pods cost the size of their views.
 *
 * <p>What the informer reads back ({@link #get}, {@link #values}) are slim objects carrying only name,
 * namespace and resource version: enough for its bookkeeping (skipping unchanged versions, computing
 * deletions after a re-list). {@link #isFullState()} is false so that the informer never defers an add
 * notification to replay it from the store.
 *
 * @param <T> the fabric8 type
 * @param <V> the view type; the converter may return null for objects the healer ignores
 */
final class ViewStore<T extends HasMetadata, V> implements ItemStore<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ViewStore.class);

    private record Entry<V>(String resourceVersion, V view) {
    }

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final String resource;
    private final Function<T, V> converter;
    private final Supplier<T> blank;
    private final BiConsumer<V, V> sink;

    /**
     * @param resource the watched resource, for logs
     * @param converter object to view, or null to ignore the object
     * @param blank makes an empty object of the type
     * @param sink told (old view, new view) after every change; either may be null
     */
    ViewStore(String resource, Function<T, V> converter, Supplier<T> blank, BiConsumer<V, V> sink) {
        this.resource = resource;
        this.converter = converter;
        this.blank = blank;
        this.sink = sink;
    }

    @Override
    public String getKey(T obj) {
        ObjectMeta m = obj.getMetadata();
        return key(m.getNamespace(), m.getName());
    }

    @Override
    public T put(String key, T obj) {
        String version = obj.getMetadata().getResourceVersion();
        V view = convert(key, obj);
        Entry<V> old = entries.put(key, new Entry<>(version, view));
        if (old == null || !Objects.equals(old.resourceVersion(), version)) {
            changed(old == null ? null : old.view(), view);
        }
        return slim(key, old);
    }

    @Override
    public T remove(String key) {
        Entry<V> old = entries.remove(key);
        if (old != null) {
            changed(old.view(), null);
        }
        return slim(key, old);
    }

    @Override
    public Stream<String> keySet() {
        return entries.keySet().stream();
    }

    @Override
    public Stream<T> values() {
        return entries.entrySet().stream().map(e -> slim(e.getKey(), e.getValue()));
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public T get(String key) {
        return slim(key, entries.get(key));
    }

    @Override
    public boolean isFullState() {
        return false;
    }

    /** The view under a key, or null. */
    V view(String key) {
        Entry<V> e = entries.get(key);
        return e == null ? null : e.view();
    }

    private V convert(String key, T obj) {
        try {
            return converter.apply(obj);
        } catch (RuntimeException e) {
            LOG.warn("Ignoring {} {}: cannot read it: {}", resource, key, e.toString());
            return null;
        }
    }

    private void changed(V old, V now) {
        if (old != null || now != null) {
            sink.accept(old, now);
        }
    }

    private T slim(String key, Entry<V> e) {
        if (e == null) {
            return null;
        }
        T t = blank.get();
        ObjectMeta m = new ObjectMeta();
        int slash = key.indexOf('/');
        if (slash >= 0) {
            m.setNamespace(key.substring(0, slash));
            m.setName(key.substring(slash + 1));
        } else {
            m.setName(key);
        }
        m.setResourceVersion(e.resourceVersion());
        t.setMetadata(m);
        return t;
    }

    static String key(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }
}

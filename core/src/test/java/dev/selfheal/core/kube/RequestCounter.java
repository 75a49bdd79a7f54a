package dev.selfheal.core.kube;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Counts the HTTP requests a fabric8 client sends, classified like the API server's verbs. */
final class RequestCounter implements Interceptor {

    /** One request. */
    record Request(String verb, String method, String uri) {
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        requests.add(new Request(verb(request), request.method(), request.uri().toString()));
    }

    /** Forgets what was counted. */
    void reset() {
        requests.clear();
    }

    /** Every request since the last reset. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests of a verb since the last reset. */
    List<Request> of(String verb) {
        return requests.stream().filter(r -> r.verb().equals(verb)).toList();
    }

    /**
     * {@code watch} for a GET with {@code watch=true}, {@code list} for another GET on a collection (ends with a
     * resource plural: nodes, pods, leases, volumeattachments, persistentvolumes), {@code get} for any other GET, else the
     * method in lower case.
     */
    static String verb(HttpRequest request) {
        String method = request.method().toUpperCase(java.util.Locale.ROOT);
        if (!method.equals("GET")) {
            return method.toLowerCase(java.util.Locale.ROOT);
        }
        String query = request.uri().getRawQuery() == null ? "" : request.uri().getRawQuery();
        if (query.contains("watch=true") || query.contains("watch=1")) {
            return "watch";
        }
        String path = request.uri().getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return List.of("nodes", "pods", "leases", "volumeattachments", "persistentvolumes", "events").contains(last) ? "list" : "get";
    }
}

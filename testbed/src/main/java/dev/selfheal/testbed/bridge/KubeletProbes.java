package dev.selfheal.testbed.bridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet processes of machines whose kubelet runs for real (a stand-in a node agent supervises): a
 * machine with one is alive for the cluster only while the kubelet's health endpoint answers 2xx within
 * 500 ms. A machine without one is alive whenever it runs.
 */
final class KubeletProbes {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final Map<String, URI> healthz = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    void put(String machineKey, URI url) {
        healthz.put(machineKey, url);
    }

    /** Whether the machine's kubelet answers, or true when it has none registered. */
    boolean up(String machineKey) {
        URI url = healthz.get(machineKey);
        if (url == null) {
            return true;
        }
        try {
            HttpRequest get = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
            return http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

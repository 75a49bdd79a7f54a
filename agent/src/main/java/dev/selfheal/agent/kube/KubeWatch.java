package dev.selfheal.agent.kube;

import dev.selfheal.agent.internal.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An open watch: the API server's stream of events ({@code {"type": ..., "object": ...}}), read one at a time
 * until the server ends it ({@code timeoutSeconds}) or {@link #close()} is called.
 */
public final class KubeWatch implements AutoCloseable {

    private final InputStream in;
    private final JsonReader events;
    private final String call;

    KubeWatch(InputStream in, String call) {
        this.in = in;
        this.events = new JsonReader(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192));
        this.call = call;
    }

    /**
     * The next event; blocks until one comes.
     *
     * @return the event, or null when the server ended the watch
     * @throws KubeApiException when the stream breaks or holds no JSON
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> next() {
        try {
            if (!events.hasNext()) {
                return null;
            }
            Object e = events.next();
            if (!(e instanceof Map<?, ?>)) {
                throw new KubeApiException(call + ": the watch sent something other than an event", 200, null);
            }
            return (Map<String, Object>) e;
        } catch (IOException e) {
            throw new KubeApiException(call + ": the watch broke: " + e.getMessage(), 200, e);
        }
    }

    /** Ends the watch. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // closing a stream the server may already have ended
        }
    }
}
